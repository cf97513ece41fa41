import { describe, expect, it } from 'vitest';
import { createDeltaBuilder, DEFAULT_SUBJECT_CONTEXT } from '../../src/delta/build-delta.js';
import { valueFor } from '../../src/delta/value-for.js';
import { badInputFrom, fixedDefaults } from './fixtures.js';

const builder = () => createDeltaBuilder(fixedDefaults());

describe('setProperty', () => {
  it('references the entity under its collection and names the value after the property', () => {
    const delta = builder().setProperty({
      entity: 'p1',
      property: 'name',
      value: 'Ada',
      collection: 'person',
    });
    expect(delta).toEqual({
      id: 'generated-1',
      creator: 'alice',
      host: 'node-a',
      timeCreated: 1000,
      pointers: [
        { localContext: 'person', target: { id: 'p1' }, targetContext: 'name' },
        { localContext: 'name', target: 'Ada' },
      ],
    });
    expect(valueFor(delta, 'p1', 'name')).toBe('Ada');
  });

  it(`uses "${DEFAULT_SUBJECT_CONTEXT}" when no collection is given`, () => {
    const delta = builder().setProperty({ entity: 'p1', property: 'age', value: 36 });
    expect(delta.pointers[0]).toEqual({ localContext: 'entity', target: { id: 'p1' }, targetContext: 'age' });
    expect(valueFor(delta, 'p1', 'age')).toBe(36);
  });

  it('sets a one-sided reference: the referenced entity gains no property', () => {
    const delta = builder().setProperty({ entity: 'p1', property: 'employer', value: { id: 'acme' } });
    expect(valueFor(delta, 'p1', 'employer')).toEqual({ id: 'acme' });
    expect(valueFor(delta, 'acme', 'employer')).toBeUndefined();
  });

  it('reads back null, false and 0, and a property named like the collection', () => {
    const b = builder();
    expect(valueFor(b.setProperty({ entity: 'p', property: 'x', value: null }), 'p', 'x')).toBeNull();
    expect(valueFor(b.setProperty({ entity: 'p', property: 'x', value: false }), 'p', 'x')).toBe(false);
    expect(valueFor(b.setProperty({ entity: 'p', property: 'x', value: 0 }), 'p', 'x')).toBe(0);
    const same = b.setProperty({ entity: 'p', property: 'entity', value: 'v' });
    expect(valueFor(same, 'p', 'entity')).toBe('v');
  });

  it('takes id, creator, host and timeCreated overrides', () => {
    const delta = builder().setProperty({
      entity: 'p1',
      property: 'name',
      value: 'Ada',
      id: 'mine',
      creator: 'bob',
      host: 'node-b',
      timeCreated: 7,
    });
    expect(delta).toMatchObject({ id: 'mine', creator: 'bob', host: 'node-b', timeCreated: 7 });
  });

  it('enforces the wire limits, naming the delta by `where`', () => {
    const error = badInputFrom(() =>
      builder().setProperty({
        entity: 'p1',
        property: 'bio',
        value: 'a'.repeat(70_000),
        where: 'Person.bio',
      }),
    );
    expect(error.message).toMatch(/^Person\.bio, pointer 1: the string target is 70000 bytes/);
    expect(() => builder().setProperty({ entity: 'p1', property: 'n', value: Number.NaN })).toThrow(/finite/);
  });
});

describe('memberOf', () => {
  it('is a single pointer that names the entity without contributing to a property', () => {
    const delta = builder().memberOf({ entity: 'p1', collection: 'person' });
    expect(delta.pointers).toEqual([{ localContext: 'person', target: { id: 'p1' } }]);
    expect(delta.pointers.some((p) => p.targetContext !== undefined)).toBe(false);
  });
});

describe('negate', () => {
  it('is the single negation pointer', () => {
    const delta = builder().negate('d1', { creator: 'bob' });
    expect(delta).toMatchObject({ creator: 'bob' });
    expect(delta.pointers).toEqual([
      { localContext: '_negates', target: { id: 'd1' }, targetContext: 'negated_by' },
    ]);
  });
});
