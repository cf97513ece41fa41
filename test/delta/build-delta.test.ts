import { describe, expect, it } from 'vitest';
import { createDeltaBuilder, DEFAULT_SUBJECT_CONTEXT } from '../../src/delta/build-delta.js';
import { contributions, valueFor } from '../../src/delta/value-for.js';
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
    expect(contributions(delta)).toHaveLength(1);
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
    expect(contributions(delta)).toEqual([]);
  });
});

describe('relate', () => {
  it('builds the DESIGN.md example when given its roles', () => {
    const delta = builder().relate({
      from: 'ada',
      fromProperty: 'employer',
      to: 'acme',
      toProperty: 'employees',
      fromRole: 'employee',
      toRole: 'employer',
    });
    expect(delta.pointers).toEqual([
      { localContext: 'employee', target: { id: 'ada' }, targetContext: 'employer' },
      { localContext: 'employer', target: { id: 'acme' }, targetContext: 'employees' },
    ]);
    expect(valueFor(delta, 'ada', 'employer')).toEqual({ id: 'acme' });
    expect(valueFor(delta, 'acme', 'employees')).toEqual({ id: 'ada' });
  });

  it('by default names each pointer after the property the other side gains', () => {
    const delta = builder().relate({
      from: 'ada',
      fromProperty: 'employer',
      to: 'acme',
      toProperty: 'employees',
    });
    expect(delta.pointers).toEqual([
      { localContext: 'employees', target: { id: 'ada' }, targetContext: 'employer' },
      { localContext: 'employer', target: { id: 'acme' }, targetContext: 'employees' },
    ]);
    expect(valueFor(delta, 'ada', 'employer')).toEqual({ id: 'acme' });
    expect(valueFor(delta, 'acme', 'employees')).toEqual({ id: 'ada' });
  });

  it('reads back a symmetric relation on both sides', () => {
    const delta = builder().relate({ from: 'p1', fromProperty: 'friends', to: 'p2', toProperty: 'friends' });
    expect(valueFor(delta, 'p1', 'friends')).toEqual({ id: 'p2' });
    expect(valueFor(delta, 'p2', 'friends')).toEqual({ id: 'p1' });
  });

  it.each([
    ['the from side', { fromRole: 'employer' }],
    ['the to side', { toRole: 'employees' }],
    ['both sides', { fromRole: 'x', toRole: 'y' }],
  ])('reads back correctly whatever role %s is given', (_, roles) => {
    const delta = builder().relate({
      from: 'ada',
      fromProperty: 'employer',
      to: 'acme',
      toProperty: 'employees',
      ...roles,
    });
    expect(valueFor(delta, 'ada', 'employer')).toEqual({ id: 'acme' });
    expect(valueFor(delta, 'acme', 'employees')).toEqual({ id: 'ada' });
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

describe('transaction', () => {
  it('adds the member pointer to each delta and declares the size in a delta of its own', () => {
    const b = builder();
    const name = b.setProperty({ entity: 'p1', property: 'name', value: 'Ada', collection: 'person' });
    const job = b.relate({ from: 'p1', fromProperty: 'employer', to: 'acme', toProperty: 'employees' });
    const [first, second, size, ...rest] = b.transaction('tx1', [name, job]);
    const member = { localContext: '_transaction', target: { id: 'tx1' }, targetContext: 'deltas' };
    expect(rest).toEqual([]);
    expect(first).toEqual({ ...name, pointers: [...name.pointers, member] });
    expect(second).toEqual({ ...job, pointers: [...job.pointers, member] });
    expect(size?.pointers).toEqual([
      { localContext: '_transaction', target: { id: 'tx1' }, targetContext: 'size' },
      { localContext: 'size', target: 2 },
    ]);
    expect(size?.id).toBe('generated-3');
  });

  it('keeps every value readable, including one given by the only other pointer', () => {
    const b = builder();
    const [name, job] = b.transaction('tx1', [
      b.setProperty({ entity: 'p1', property: 'name', value: 'Ada' }),
      b.relate({
        from: 'ada',
        fromProperty: 'employer',
        to: 'acme',
        toProperty: 'employees',
        fromRole: 'employee',
        toRole: 'employer',
      }),
    ]);
    expect(name && valueFor(name, 'p1', 'name')).toBe('Ada');
    expect(job && valueFor(job, 'acme', 'employees')).toEqual({ id: 'ada' });
  });

  it('refuses an empty transaction and a delta that has no room for the member pointer', () => {
    const b = builder();
    expect(() => b.transaction('tx1', [])).toThrow('A transaction needs at least one delta.');
    const full = {
      ...b.memberOf({ entity: 'p1', collection: 'c' }),
      pointers: Array.from({ length: 256 }, (_, i) => ({ localContext: `c${i}`, target: i })),
    };
    expect(() => b.transaction('tx1', [full])).toThrow(/1 to 256 pointers, not 257 pointers/);
  });
});
