import { describe, expect, it } from 'vitest';
import type { Delta, Pointer } from '../../src/delta/delta.js';
import { valueAt, valueFor } from '../../src/delta/value-for.js';

const delta = (...pointers: Pointer[]): Delta => ({
  id: 'd',
  creator: 'c',
  host: 'h',
  timeCreated: 1,
  pointers,
});
const about = (localContext: string, id: string, targetContext: string): Pointer => ({
  localContext,
  target: { id },
  targetContext,
});
const value = (localContext: string, target: Pointer['target']): Pointer => ({ localContext, target });

describe('valueFor (docs/design.md §1, Reading a property)', () => {
  it('takes the pointer whose localContext is the property', () => {
    const d = delta(about('person', 'p1', 'name'), value('nickname', 'Addy'), value('name', 'Ada'));
    expect(valueFor(d, 'p1', 'name')).toBe('Ada');
  });

  it('falls back to the only other pointer', () => {
    expect(valueFor(delta(about('person', 'p1', 'name'), value('value', 'via other')), 'p1', 'name')).toBe(
      'via other',
    );
  });

  it('gives no value when no pointer is named after the property and there are several others', () => {
    const d = delta(about('person', 'p1', 'name'), value('first', 'A'), value('second', 'B'));
    expect(valueFor(d, 'p1', 'name')).toBeUndefined();
  });

  it('gives no value when the delta has only the referencing pointer', () => {
    expect(valueFor(delta(about('person', 'p1', 'name')), 'p1', 'name')).toBeUndefined();
  });

  it('distinguishes a null value from no value', () => {
    expect(valueFor(delta(about('person', 'p1', 'name'), value('name', null)), 'p1', 'name')).toBeNull();
  });

  it('gives nothing for an entity or property the delta does not speak about', () => {
    const d = delta(about('person', 'p1', 'name'), value('name', 'Ada'));
    expect(valueFor(d, 'p2', 'name')).toBeUndefined();
    expect(valueFor(d, 'p1', 'age')).toBeUndefined();
    // Naming an entity without targetContext contributes to none of its properties.
    expect(valueFor(delta(value('person', { id: 'p1' }), value('x', 1)), 'p1', 'person')).toBeUndefined();
  });

  it('sets two entities scalar properties at once', () => {
    const d = delta(about('left', 'p1', 'name'), about('right', 'p2', 'name'), value('name', 'Twin'));
    expect(valueFor(d, 'p1', 'name')).toBe('Twin');
    expect(valueFor(d, 'p2', 'name')).toBe('Twin');
  });

  it('reads both sides of a relationship, as in docs/design.md §1', () => {
    const d = delta(about('employee', 'ada', 'employer'), about('employer', 'acme', 'employees'));
    expect(valueFor(d, 'ada', 'employer')).toEqual({ id: 'acme' });
    expect(valueFor(d, 'acme', 'employees')).toEqual({ id: 'ada' });
  });

  it('never gives the referencing pointer as its own value', () => {
    const d = delta(about('friends', 'p1', 'friends'), about('friends', 'p2', 'friends'));
    expect(valueFor(d, 'p1', 'friends')).toEqual({ id: 'p2' });
    expect(valueFor(d, 'p2', 'friends')).toEqual({ id: 'p1' });
    expect(valueFor(delta(about('name', 'p1', 'name'), value('name', 'Ada')), 'p1', 'name')).toBe('Ada');
  });

  it('ignores system pointers when looking for the only other pointer', () => {
    const member = about('_transaction', 'tx1', 'deltas');
    const size = [about('_transaction', 'tx1', 'size'), value('size', 1)];
    expect(valueFor(delta(about('person', 'p1', 'name'), value('v', 'A'), member), 'p1', 'name')).toBe('A');
    expect(
      valueFor(delta(member, ...size, about('person', 'p1', 'name'), value('v', 'B')), 'p1', 'name'),
    ).toBe('B');
    expect(
      valueFor(
        delta(about('person', 'p1', 'name'), about('_negates', 'x', 'negated_by'), value('v', 'C')),
        'p1',
        'name',
      ),
    ).toBe('C');
  });

  it('counts a size pointer as an ordinary value when no size is declared', () => {
    expect(valueFor(delta(about('item', 'i1', 'label'), value('size', 'XL')), 'i1', 'label')).toBe('XL');
  });
});

describe('valueAt', () => {
  it('reads the value through the given referencing pointer', () => {
    const d = delta(
      about('employee', 'ada', 'employer'),
      about('employer', 'acme', 'employees'),
      value('since', 2020),
    );
    expect(valueAt(d, 0, 'employer')).toEqual({ id: 'acme' });
    // No "employees" pointer and two others: acme is spoken about but given no value.
    expect(valueAt(d, 1, 'employees')).toBeUndefined();
  });
});
