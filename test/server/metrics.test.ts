import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestDatabase, type TestDatabase, useTestDatabase } from '../support/database.js';
import { startTestApp, type TestApp } from '../support/start-app.js';
import { figure, type Scrape, scrape, total } from './support/scrape.js';

// Every metric the README documents, moved by real traffic against one app (and a follower for peer lag).
const database = useTestDatabase();
let app: TestApp;
let follower: TestApp | undefined;
let followerDb: TestDatabase | undefined;

beforeAll(async () => {
  app = await startTestApp(database.url);
});
afterAll(async () => {
  await follower?.stop();
  await followerDb?.drop();
  await app?.stop();
});

const create = (i: number) =>
  app.gql(`mutation($id: ID!) { createPerson(id: $id, input: { name: "P", age: 30 }) { id } }`, {
    id: `m${i}`,
  });

describe('/metrics', () => {
  it('shows each documented metric moving under load', async () => {
    const before = await scrape(app.url);
    expect(figure(before, 'rhizome_feed_healthy')).toBe(1);
    expect(figure(before, 'rhizome_subscription_cohorts')).toBe(0);
    expect(figure(before, 'rhizome_subscriptions')).toBe(0);

    const watching = await app.subscribe(`subscription { personChanged(id: "m0") { name } }`, {}, 1);
    for (let i = 0; i < 10; i++) expect((await create(i)).errors).toBeUndefined();
    for (let i = 0; i < 10; i++) await app.gql(`{ person(id: "m${i}") { name } }`);
    await watching.done;
    const sub = await app.subscribe(`subscription { personChanged(id: "m1") { name } }`, {}, 1);

    let during: Scrape = before;
    await vi.waitFor(
      async () => {
        during = await scrape(app.url);
        // Two deltas (name, age) per create, and the feed delivers them too.
        expect(figure(during, 'rhizome_feed_deltas_total')).toBeGreaterThanOrEqual(20);
      },
      { timeout: 5000, interval: 50 },
    );
    expect(figure(during, 'rhizome_deltas_appended_total')).toBe(20);
    expect(figure(during, 'rhizome_subscriptions')).toBe(1);
    expect(figure(during, 'rhizome_subscription_cohorts')).toBe(1);
    expect(figure(during, 'rhizome_websockets')).toBeGreaterThanOrEqual(1);
    expect(figure(during, 'rhizome_open_sockets')).toBeGreaterThanOrEqual(1);
    expect(figure(during, 'rhizome_cache_entities')).toBeGreaterThanOrEqual(10);
    expect(figure(during, 'rhizome_cache_bytes')).toBeGreaterThan(0);
    expect(figure(during, 'rhizome_cache_hits')).toBeGreaterThan(0);
    expect(figure(during, 'rhizome_cache_hit_ratio')).toBeGreaterThan(0);
    expect(figure(during, 'rhizome_cache_hit_ratio')).toBeLessThanOrEqual(1);
    expect(figure(during, 'rhizome_feed_lag_positions')).toBeGreaterThanOrEqual(0);
    expect(figure(during, 'rhizome_projection_lag_positions{type="Person"}')).toBeGreaterThanOrEqual(0);
    expect(figure(during, 'rhizome_projection_lag_positions{type="Company"}')).toBeGreaterThanOrEqual(0);
    // yoga's and envelop's own.
    expect(total(during, 'graphql_envelop_request_duration_count')).toBeGreaterThan(
      total(before, 'graphql_envelop_request_duration_count'),
    );
    expect(total(during, 'graphql_yoga_http_duration_count')).toBeGreaterThan(0);
    // The per-operation extras the plugin turns on by default stay off (src/server/metrics.ts).
    for (const costly of ['graphql_envelop_phase_parse', 'graphql_envelop_deprecated_field'])
      expect(during).not.toContain(costly);
    expect(figure(during, 'process_resident_memory_bytes')).toBeGreaterThan(0);

    await app.gql(`{ person(id: 1) { nope } }`);
    const failed = await scrape(app.url);
    expect(total(failed, 'graphql_envelop_error_result')).toBeGreaterThan(0);

    // The subscription ends with its first result; the gauge comes back down.
    await create(100);
    await app.gql(`mutation { updatePerson(id: "m1", input: { name: "Q" }) { id } }`);
    await sub.done;
    await vi.waitFor(async () => expect(figure(await scrape(app.url), 'rhizome_subscriptions')).toBe(0), {
      timeout: 5000,
      interval: 50,
    });
  }, 30_000);

  it('reports per-peer lag and connection for a follower', async () => {
    followerDb = await createTestDatabase();
    follower = await startTestApp(followerDb.url, {
      nodeId: 'node-follower',
      peers: [app.url.replace(/^http/, 'ws')],
    });
    const peer = `rhizome_peer_lag_ms{peer="${app.url.replace(/^http/, 'ws')}"}`;
    await create(200);
    await vi.waitFor(
      async () => {
        const scraped = await scrape((follower as TestApp).url);
        expect(figure(scraped, peer)).toBeGreaterThanOrEqual(0);
        expect(figure(scraped, peer.replace('lag_ms', 'connected'))).toBe(1);
      },
      { timeout: 10_000, interval: 100 },
    );
  }, 30_000);
});
