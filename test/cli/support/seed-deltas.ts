import type { Delta, Pointer } from '../../../src/delta/delta.js';

/**
 * A varied history for round-trip tests: people with names, ages and tags,
 * employment (one delta, two entities), strings that need escaping, every
 * primitive type, a negation, a negation of a negation, an entity reference
 * without targetContext, and a transaction delivered in two deltas.
 */
export function seedDeltas(people: number): Delta[] {
  const deltas: Delta[] = [];
  let clock = 1_764_000_000_000;
  const add = (id: string, pointers: Pointer[], creator = 'alice') => {
    clock += 1;
    deltas.push({ id, creator, host: 'node-a', timeCreated: clock, pointers });
  };
  for (let i = 0; i < people; i += 1) {
    const person = { id: `person:${i}` };
    add(`name-${i}`, [
      { localContext: 'person', target: person, targetContext: 'name' },
      { localContext: 'name', target: i % 7 === 0 ? `Ådä "${i}"\n\t✓ \\ 🌱` : `Person ${i}` },
    ]);
    add(
      `age-${i}`,
      [
        { localContext: 'person', target: person, targetContext: 'age' },
        { localContext: 'age', target: 20 + (i % 50) },
      ],
      'bob',
    );
    if (i % 3 === 0) {
      add(`tag-${i}`, [
        { localContext: 'person', target: person, targetContext: 'tags' },
        { localContext: 'tags', target: i % 2 === 0 ? 'even' : 'odd' },
      ]);
    }
    if (i % 5 === 0) {
      add(`job-${i}`, [
        { localContext: 'employee', target: person, targetContext: 'employer' },
        { localContext: 'employer', target: { id: `company:${i % 4}` }, targetContext: 'employees' },
      ]);
    }
  }
  add('primitives', [
    { localContext: 'about', target: { id: 'person:1' } },
    { localContext: 'float', target: 3.25 },
    { localContext: 'negative', target: -17 },
    { localContext: 'flag', target: false },
    { localContext: 'nothing', target: null },
  ]);
  add('negate-age-1', [{ localContext: '_negates', target: { id: 'age-1' }, targetContext: 'negated_by' }]);
  add('negate-name-2', [{ localContext: '_negates', target: { id: 'name-2' }, targetContext: 'negated_by' }]);
  add('restore-name-2', [
    { localContext: '_negates', target: { id: 'negate-name-2' }, targetContext: 'negated_by' },
  ]);
  add('tx-part-1', [
    { localContext: '_transaction', target: { id: 'tx-1' }, targetContext: 'deltas' },
    { localContext: '_transaction', target: { id: 'tx-1' }, targetContext: 'size' },
    { localContext: 'size', target: 2 },
    { localContext: 'person', target: { id: 'person:3' }, targetContext: 'nickname' },
    { localContext: 'nickname', target: 'Three' },
  ]);
  add('tx-part-2', [
    { localContext: '_transaction', target: { id: 'tx-1' }, targetContext: 'deltas' },
    { localContext: 'person', target: { id: 'person:3' }, targetContext: 'visits' },
    { localContext: 'visits', target: 1 },
  ]);
  return deltas;
}
