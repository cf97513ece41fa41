import { describe, expect, it } from 'vitest';
import type { CustomResolverInput } from '../../src/model/model.js';
import { createViewCache } from '../../src/views/create-view-cache.js';
import { lossyOf, set, typeWith } from '../support/build-deltas.js';

describe('custom resolvers', () => {
  const type = typeWith({
    label: {
      type: 'String',
      dependsOn: ['title', 'name'],
      resolver: ({ resolved }: CustomResolverInput) => `${resolved.title} ${resolved.name}`,
    },
    title: {
      type: 'String',
      dependsOn: ['name'],
      resolver: ({ resolved }) => (resolved.name ? 'Dr.' : null),
    },
    name: { type: 'String' },
    shout: {
      type: 'String',
      resolver: ({ values }) => values.map((v) => `${v.value}@${v.timeCreated}/${v.deltaId}`).join(','),
    },
  });

  it('run in dependency order, whatever the declaration order', () => {
    expect(type.resolveOrder).toEqual(['name', 'title', 'label', 'shout']);
    const view = lossyOf(type, [set('n', 1, 'p1', 'name', 'Ada')]);
    expect(view).toEqual({ label: 'Dr. Ada', title: 'Dr.', name: 'Ada', shout: '' });
  });

  it('see their own visible values in (timeCreated, id) order', () => {
    const deltas = [
      set('b', 2, 'p1', 'shout', 'hey'),
      set('a', 2, 'p1', 'shout', 'ho'),
      set('c', 1, 'p1', 'shout', 1),
    ];
    expect(lossyOf(type, deltas)?.shout).toBe('1@1/c,ho@2/a,hey@2/b');
  });

  it('follow new deltas in a cached view', () => {
    const cache = createViewCache();
    cache.load('p1', [set('n', 1, 'p1', 'name', 'Ada')]);
    expect(cache.lossy('p1', type)?.label).toBe('Dr. Ada');
    cache.apply(set('n2', 2, 'p1', 'name', 'Grace'));
    expect(cache.lossy('p1', type)?.label).toBe('Dr. Grace');
  });

  it('resolve a result of the wrong type like no value', () => {
    const wrong = typeWith({
      n: { type: 'Int', resolver: () => 'not an int' },
      list: { type: '[String]', resolver: () => ['ok', 3] },
      name: { type: 'String' },
    });
    expect(lossyOf(wrong, [set('n', 1, 'p1', 'name', 'Ada')])).toEqual({ n: null, list: [], name: 'Ada' });
  });

  it('surface a throwing resolver as an internal error naming the property', () => {
    const broken = typeWith({
      name: { type: 'String' },
      boom: {
        type: 'String',
        resolver: () => {
          throw new Error('bug');
        },
      },
    });
    expect(() => lossyOf(broken, [set('n', 1, 'p1', 'name', 'Ada')])).toThrow(/T\.boom/);
  });
});
