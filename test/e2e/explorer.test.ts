import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadSchemaDir } from '../../src/model/load-schema-dir.js';
import { type App, createApp } from '../../src/server/app.js';
import { ensureExplorerBundle } from '../../src/server/explorer-bundle.js';
import { launchChromium } from '../support/chromium.js';
import { useTestDatabase } from '../support/database.js';
import { postOperation, testConfig } from '../support/start-app.js';

/** Set to a path (e.g. docs/explorer.png) to save a screenshot of the page for the README. */
const SCREENSHOT = process.env.EXPLORER_SCREENSHOT;
/** The machine may be loaded: give the page time, and fail with the last value seen. */
const POLL = { timeout: 15_000, interval: 50 };
const database = useTestDatabase();
let app: App;
let url: string;
let browser: Browser;
let page: Page;

const EMIT = 'mutation($deltas: [DeltaInput!]!) { emitDeltas(deltas: $deltas) { id } }';
const t0 = Date.parse('2026-01-05T09:00:00Z');
const set = (id: string, at: number, property: string, value: unknown, reference = false) => ({
  id,
  creator: 'alice',
  timeCreated: at,
  pointers: [
    { localContext: 'person', entity: 'ada', targetContext: property },
    reference ? { localContext: property, entity: value } : { localContext: property, value },
  ],
});
const negate = (id: string, at: number, target: string) => ({
  id,
  creator: 'bob',
  timeCreated: at,
  pointers: [{ localContext: '_negates', entity: target, targetContext: 'negated_by' }],
});
const gql = async (query: string, variables?: Record<string, unknown>) => {
  const answer = await postOperation(url, query, variables);
  expect(answer.errors).toBeUndefined();
  return answer.data;
};

beforeAll(async () => {
  const config = testConfig(database.url, { nodeId: 'node-a' });
  app = createApp(config, { model: await loadSchemaDir(new URL('../../schema', import.meta.url).pathname) });
  url = (await app.start()).url;
  // Bundled here (if missing or stale), so the first page load does not wait for esbuild.
  await ensureExplorerBundle();
  await gql(EMIT, {
    deltas: [
      set('d1-name', t0, 'name', 'Ada'),
      { id: 'm1', creator: 'alice', timeCreated: t0, pointers: [{ localContext: 'person', entity: 'ada' }] },
      set('d2-age', t0 + 60_000, 'age', 36),
      set('d3-tag', t0 + 90_000, 'tags', 'mathematician'),
      set('d4-name', t0 + 120_000, 'name', 'Ada Lovelace'),
      set('d5-age', t0 + 180_000, 'age', 40),
      set('d6-employer', t0 + 200_000, 'employer', 'analytical-engine', true),
      negate('n1', t0 + 240_000, 'd5-age'),
    ],
  });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

const value = (property: string) => page.getByTestId(`value-${property}`);
const delta = (id: string) => page.locator(`li[data-delta="${id}"]`);

describe('the history page in a browser', () => {
  it('shows values with their deltas, replays them with the slider and a click, and updates live', async () => {
    const origin = new URL(url).origin;
    await page.goto(`${origin}/explorer?type=Person&id=ada`);

    // Each property's value, its winner marked, the negated delta struck through.
    await expect.poll(() => value('name').textContent(), POLL).toBe('Ada Lovelace');
    expect(await value('age').textContent()).toBe('36');
    expect(await value('employer').textContent()).toBe('→ analytical-engine');
    expect(await delta('d4-name').getAttribute('data-status')).toBe('winner');
    expect(await delta('d1-name').getAttribute('data-status')).toBe('outranked');
    expect(await delta('d2-age').getAttribute('data-status')).toBe('winner');
    expect(await delta('d5-age').getAttribute('data-status')).toBe('negated');
    const struck = await delta('d5-age')
      .locator('.given')
      .evaluate((el) => getComputedStyle(el).textDecorationLine);
    expect(struck).toBe('line-through');
    // A delta that only makes ada a Person is listed too.
    expect(await delta('m1').locator('.given').textContent()).toBe('person: → ada');
    if (SCREENSHOT) await page.screenshot({ path: SCREENSHOT, fullPage: true });

    // Slide back to the first delta: only the first name.
    const slider = page.getByTestId('as-of');
    await slider.fill('0');
    await expect.poll(() => value('name').textContent(), POLL).toBe('Ada');
    expect(await value('age').textContent()).toBe('—');
    expect(await delta('d4-name').getAttribute('data-status')).toBe('future');

    // Step 5 of 7 is d5's time: age 40 wins (max), not negated yet.
    await slider.fill('4');
    await expect.poll(() => value('age').textContent(), POLL).toBe('40');
    expect(await delta('d5-age').getAttribute('data-status')).toBe('winner');

    // Clicking a delta's time replays the view as of it.
    // (The name was already "Ada Lovelace" at step 5, so wait on the age, which the replay changes.)
    await delta('d4-name').locator('.when').click();
    await expect.poll(() => value('age').textContent(), POLL).toBe('36');
    expect(await value('name').textContent()).toBe('Ada Lovelace');
    expect(await page.getByTestId('as-of-label').textContent()).toContain('2026-01-05 09:02:00');

    // Back to now, then a new delta arrives from another client: the page follows.
    await page.getByRole('button', { name: 'now' }).click();
    await expect.poll(() => page.getByTestId('live').textContent(), POLL).toBe('● live');
    await vi.waitFor(
      () => {
        if (app.subscriptionsStarted() < 1) throw new Error('the page is not subscribed yet');
      },
      { timeout: 5000, interval: 10 },
    );
    await gql(EMIT, { deltas: [set('d7-name', Date.now(), 'name', 'Augusta Ada King')] });
    await expect.poll(() => value('name').textContent(), POLL).toBe('Augusta Ada King');
    await expect.poll(() => delta('d7-name').getAttribute('data-status'), POLL).toBe('winner');
    expect(await delta('d4-name').getAttribute('data-status')).toBe('outranked');
  }, 60_000);

  it('serves the declarations with their resolvers', async () => {
    const response = await fetch(`${new URL(url).origin}/explorer/model.json`);
    const model = (await response.json()) as { types: { name: string; properties: any[] }[] };
    const person = model.types.find((t) => t.name === 'Person');
    expect(person?.properties.find((p) => p.name === 'age')).toMatchObject({ type: 'Int', resolver: 'max' });
    expect(person?.properties.find((p) => p.name === 'label')).toMatchObject({
      resolver: 'custom',
      dependsOn: ['name', 'age'],
    });
  });
});
