import { describe, expect, it } from 'vitest';
import { parseDelta } from '../../src/delta/parse-delta.js';
import { badInputFrom, fixedDefaults } from './fixtures.js';

const parse = (pointers: unknown[]) => parseDelta({ id: 'sys', pointers }, fixedDefaults(), 3);
const fault = (pointers: unknown[]) => badInputFrom(() => parse(pointers));

const negates = { localContext: '_negates', target: { id: 'd1' }, targetContext: 'negated_by' };
const member = { localContext: '_transaction', target: { id: 'tx1' }, targetContext: 'deltas' };
const declares = { localContext: '_transaction', target: { id: 'tx1' }, targetContext: 'size' };
const name = [
  { localContext: 'person', target: { id: 'p1' }, targetContext: 'name' },
  { localContext: 'name', target: 'Ada' },
];

describe('negation pointers', () => {
  it('accepts the negation shape, also for several deltas at once', () => {
    expect(parse([negates]).pointers).toEqual([negates]);
    expect(parse([negates, { ...negates, target: { id: 'd2' } }]).pointers).toHaveLength(2);
  });

  it('rejects a negation of a primitive', () => {
    const error = fault([{ localContext: '_negates', target: 'd1' }]);
    expect(error.message).toBe(
      'Delta 3 ("sys"), pointer 0: a "_negates" pointer must be { "localContext": "_negates", "target": { "id": "<delta id>" }, "targetContext": "negated_by" }.',
    );
    expect(error.details).toEqual({ delta: 3, deltaId: 'sys', pointer: 0, field: 'target' });
  });

  it.each([undefined, 'negates'])('rejects a negation whose targetContext is %s', (targetContext) => {
    const error = fault([...name, { ...negates, targetContext }]);
    expect(error.message).toMatch(/^Delta 3 \("sys"\), pointer 2: a "_negates" pointer must be/);
    expect(error.details).toMatchObject({ pointer: 2, field: 'targetContext' });
  });
});

describe('transaction pointers', () => {
  it('accepts members, a separate size declaration, and a member that declares the size', () => {
    expect(parse([...name, member]).pointers).toHaveLength(3);
    expect(parse([declares, { localContext: 'size', target: 2 }]).pointers).toHaveLength(2);
    expect(parse([member, declares, { localContext: 'size', target: 1 }, ...name]).pointers).toHaveLength(5);
  });

  it.each([
    [
      'a primitive target',
      { localContext: '_transaction', target: 'tx1', targetContext: undefined },
      'target',
    ],
    ['no targetContext', { localContext: '_transaction', target: { id: 'tx1' } }, 'targetContext'],
    ['another targetContext', { ...member, targetContext: 'members' }, 'targetContext'],
  ])('rejects %s', (_, pointer, field) => {
    const error = fault([pointer]);
    expect(error.message).toBe(
      `Delta 3 ("sys"), pointer 0: a "_transaction" pointer must target { "id": "<transaction id>" } with targetContext "deltas" or "size".`,
    );
    expect(error.details).toMatchObject({ pointer: 0, field });
  });

  it('rejects a size declaration without a size pointer', () => {
    const error = fault([declares]);
    expect(error.message).toMatch(
      /^Delta 3 \("sys"\), pointer 0: a delta declaring a transaction's size must have exactly one pointer \{ "localContext": "size", "target": N \}; it has 0\./,
    );
  });

  it('rejects two size pointers, naming the second', () => {
    const error = fault([declares, { localContext: 'size', target: 1 }, { localContext: 'size', target: 2 }]);
    expect(error.message).toMatch(
      /pointer 2: a delta declaring a transaction's size must have exactly one .* it has 2/,
    );
    expect(error.details).toMatchObject({ pointer: 2, field: 'localContext' });
  });

  it.each([0, -1, 1.5, '2', null, { id: '2' }])('rejects the size %j', (size) => {
    const error = fault([declares, { localContext: 'size', target: size }]);
    expect(error.message).toMatch(
      /^Delta 3 \("sys"\), pointer 1: a transaction size must be a positive whole number/,
    );
    expect(error.details).toMatchObject({ pointer: 1, field: 'target' });
  });

  it('accepts a size pointer with no declaration as an ordinary property value', () => {
    expect(
      parse([
        { localContext: 'item', target: { id: 'i1' }, targetContext: 'size' },
        { localContext: 'size', target: 'XL' },
      ]).pointers,
    ).toHaveLength(2);
  });
});

describe('other "_" names are data (rhizome-node\'s _rel_* contexts)', () => {
  it.each(['_rel_source', '_rel_type', '_deltas', '_', '_Negates'])(
    'stores the localContext %j',
    (localContext) => {
      expect(parse([{ localContext, target: 1 }]).pointers).toEqual([{ localContext, target: 1 }]);
    },
  );

  it('stores a "_" targetContext', () => {
    const pointer = { localContext: '_rel_source', target: { id: 'r1' }, targetContext: '_rel_x' };
    expect(parse([pointer]).pointers).toEqual([pointer]);
  });

  it('allows underscores elsewhere in a name', () => {
    expect(parse([{ localContext: 'first_name', target: 'x' }]).pointers).toHaveLength(1);
  });
});
