import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { useTestDatabase } from '../support/database.js';
import { postGraphQL, withServer } from '../support/graphql-http.js';
import { runCli } from '../support/run-cli.js';

const db = useTestDatabase();

// 2023-11-14T22:13:20.123456Z in rhizome-node's unit, microtime.now() microseconds.
const US = 1_700_000_000_123_456;

/**
 * Deltas exactly as rhizome-node's DeltaBuilder shapes them: V1 pointer
 * lists, V2 object-keyed pointers (`{ [localContext]: value | { [targetId]: targetContext } }`),
 * its relationship builder's `_rel_*` contexts, a negation, and a time set
 * with `withTimestamp(ms)`.
 */
const original = [
  {
    id: 'v1-name',
    creator: 'alice',
    host: 'rn-host',
    timeCreated: US,
    pointers: [
      { localContext: 'person', target: 'ada', targetContext: 'name' },
      { localContext: 'name', target: 'Ada' },
    ],
  },
  {
    id: 'v2-age',
    creator: 'alice',
    host: 'rn-host',
    timeCreated: US + 1000,
    pointers: { person: { ada: 'age' }, age: 36 },
  },
  {
    id: 'v2-bob',
    creator: 'alice',
    host: 'rn-host',
    timeCreated: 1_700_000_000_500,
    pointers: { person: { bob: 'name' }, name: 'Bob' },
  },
  {
    id: 'v2-wrong',
    creator: 'mallory',
    host: 'rn-host',
    timeCreated: US + 5_000_000,
    pointers: { person: { bob: 'name' }, name: 'Wrong' },
    timeReceived: US + 5_000_100,
  },
  {
    id: 'v2-negation',
    creator: 'alice',
    host: 'rn-host',
    timeCreated: US + 6_000_000,
    pointers: { _negates: { 'v2-wrong': 'negated_by' } },
  },
  {
    id: 'v2-rel',
    creator: 'alice',
    host: 'rn-host',
    timeCreated: US + 7_000_000,
    pointers: {
      _rel_source: { rel1: 'source' },
      source: 'ada',
      _rel_target: { rel1: 'target' },
      target: 'bob',
      _rel_type: { rel1: 'type' },
      type: 'knows',
    },
  },
];

it('imports rhizome-node deltas unchanged in meaning: references, times, negations, _rel_* data', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rhizome-node-'));
  const file = join(dir, 'original.ndjson');
  writeFileSync(file, `${original.map((d) => JSON.stringify(d)).join('\n')}\n`);

  const result = await runCli(['import', '--format', 'rhizome-node', file], {
    env: { DATABASE_URL: db.url },
  });
  expect(result.stderr).toContain('6 new');
  expect(result.code).toBe(0);

  await withServer(db.url, async (url) => {
    const views = await postGraphQL(
      url,
      `{ ada: person(id: "ada") { name age } bob: person(id: "bob") { name }
         rel: delta(id: "v2-rel") { timeCreated host pointers { localContext entity value targetContext } }
         first: delta(id: "v1-name") { timeCreated } }`,
    );
    expect(views.errors).toBeUndefined();
    expect(views.data).toEqual({
      ada: { name: 'Ada', age: 36 },
      bob: { name: 'Bob' }, // "Wrong" was negated
      rel: {
        timeCreated: '2023-11-14T22:13:27.123Z',
        host: 'rn-host',
        pointers: [
          { localContext: '_rel_source', entity: 'rel1', value: null, targetContext: 'source' },
          { localContext: 'source', entity: null, value: 'ada', targetContext: null },
          { localContext: '_rel_target', entity: 'rel1', value: null, targetContext: 'target' },
          { localContext: 'target', entity: null, value: 'bob', targetContext: null },
          { localContext: '_rel_type', entity: 'rel1', value: null, targetContext: 'type' },
          { localContext: 'type', entity: null, value: 'knows', targetContext: null },
        ],
      },
      first: { timeCreated: '2023-11-14T22:13:20.123Z' },
    });
  });
}, 120_000);
