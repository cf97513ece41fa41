import { describe, expect, it } from 'vitest';
import { compileModel } from '../../src/model/compile-model.js';
import type { EntityModel } from '../../src/model/model.js';
import { createViewCache } from '../../src/views/create-view-cache.js';
import { delta, lossyOf, set } from '../support/build-deltas.js';

/** Existence, the lossless view and deltas that speak about two entities. */

const model = compileModel([
  {
    file: 'test.ts',
    declarations: [
      {
        name: 'Person',
        properties: {
          name: { type: 'String' },
          employer: { type: 'Company' },
          friends: { type: '[Person]' },
        },
      },
      { name: 'Company', properties: { name: { type: 'String' }, employees: { type: '[Person]' } } },
    ],
  },
]);
const Person = model.entity('Person') as EntityModel;
const Company = model.entity('Company') as EntityModel;

const relate = delta('r1', 10, [
  { localContext: 'employee', target: { id: 'ada' }, targetContext: 'employer' },
  { localContext: 'employer', target: { id: 'acme' }, targetContext: 'employees' },
]);

describe('existence (type as a lens)', () => {
  it('exists through a member pointer alone, with every property unresolved', () => {
    const member = delta('m', 1, [{ localContext: 'person', target: { id: 'ada' } }]);
    expect(lossyOf(Person, [member], 'ada')).toEqual({ name: null, employer: null, friends: [] });
    expect(lossyOf(Company, [member], 'ada')).toBeNull();
  });

  it('exists in every type one of whose declared properties it has', () => {
    const named = set('n', 1, 'x', 'name', 'Shared');
    expect(lossyOf(Person, [named], 'x')?.name).toBe('Shared');
    expect(lossyOf(Company, [named], 'x')?.name).toBe('Shared');
  });

  it('does not exist through undeclared properties or foreign collections', () => {
    const other = delta('o', 1, [
      { localContext: 'pet', target: { id: 'rex' }, targetContext: 'species' },
      { localContext: 'species', target: 'dog' },
    ]);
    expect(lossyOf(Person, [other], 'rex')).toBeNull();
  });
});

describe('relationship deltas', () => {
  it('set a reference on one side and add to the list on the other', () => {
    const cache = createViewCache();
    cache.load('ada', [relate]);
    cache.load('acme', [relate]);
    expect(cache.lossy('ada', Person)).toEqual({ name: null, employer: { id: 'acme' }, friends: [] });
    expect(cache.lossy('acme', Company)).toEqual({ name: null, employees: [{ id: 'ada' }] });
  });

  it('reach both loaded entities when applied', () => {
    const cache = createViewCache();
    cache.load('ada', []);
    cache.load('acme', []);
    expect(cache.apply(relate).sort()).toEqual(['acme', 'ada']);
    expect(cache.lossy('acme', Company)?.employees).toEqual([{ id: 'ada' }]);
  });

  it('never make an entity its own friend in a symmetric delta', () => {
    const friends = delta('f', 1, [
      { localContext: 'friends', target: { id: 'ada' }, targetContext: 'friends' },
      { localContext: 'friends', target: { id: 'bob' }, targetContext: 'friends' },
    ]);
    expect(lossyOf(Person, [friends], 'ada')?.friends).toEqual([{ id: 'bob' }]);
    expect(lossyOf(Person, [friends], 'bob')?.friends).toEqual([{ id: 'ada' }]);
  });
});

describe('lossless view', () => {
  it('lists visible deltas per property in (timeCreated, id) order and the collections', () => {
    const cache = createViewCache();
    const named = [
      set('b', 2, 'ada', 'name', 'B'),
      set('a', 2, 'ada', 'name', 'A'),
      set('c', 1, 'ada', 'name', 'C'),
    ];
    cache.load('ada', [...named, relate]);
    const view = cache.lossless('ada');
    expect(view.id).toBe('ada');
    expect(view.properties.name?.map((d) => d.id)).toEqual(['c', 'a', 'b']);
    expect(view.properties.employer?.map((d) => d.id)).toEqual(['r1']);
    expect(view.collections).toEqual(['employee', 'person']);
  });

  it("shows rhizome-node's _rel_* pointers as data: they attach to their targets (docs/design.md §1)", () => {
    const rel = delta('rel', 1, [
      { localContext: '_rel_source', target: { id: 'ada' }, targetContext: 'knows' },
      { localContext: '_rel_target', target: { id: 'bob' }, targetContext: 'knownBy' },
      { localContext: '_rel_type', target: 'friend' },
    ]);
    const cache = createViewCache();
    expect(cache.apply(rel)).toEqual([]);
    cache.load('ada', [rel]);
    cache.load('bob', [rel]);
    expect(cache.lossless('ada').properties.knows?.map((d) => d.id)).toEqual(['rel']);
    expect(cache.lossless('ada').collections).toEqual(['_rel_source']);
    expect(cache.lossless('bob').properties.knownBy?.map((d) => d.id)).toEqual(['rel']);
  });

  it('includes deltas that give no value', () => {
    const vague = delta('v', 1, [
      { localContext: 'person', target: { id: 'ada' }, targetContext: 'name' },
      { localContext: 'first', target: 'A' },
      { localContext: 'second', target: 'B' },
    ]);
    const cache = createViewCache();
    cache.load('ada', [vague]);
    expect(cache.lossless('ada').properties.name?.map((d) => d.id)).toEqual(['v']);
    expect(cache.lossy('ada', Person)?.name).toBeNull();
  });
});
