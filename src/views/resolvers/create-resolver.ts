import type { PropertyModel } from '../../model/model.js';
import { acceptsFor } from '../accepts.js';
import { createConcatenate } from './concatenate.js';
import { createExtreme } from './extreme.js';
import { createMajority } from './majority.js';
import { createAverage, createCount, createSum } from './numeric.js';
import type { Resolver } from './resolver.js';
import { createUnion } from './union.js';
import { createWriteWins } from './write-wins.js';

/** A fresh, empty fold for one built-in-resolved property (docs/design.md §2). */
export const createResolver = (property: PropertyModel): Resolver => {
  const { type } = property;
  switch (property.resolver) {
    case 'lastWriteWins':
      return createWriteWins(acceptsFor(type, true), true);
    case 'firstWriteWins':
      return createWriteWins(acceptsFor(type, true), false);
    case 'majority':
      return createMajority(acceptsFor(type, true));
    case 'min':
    case 'max':
      if (type.kind !== 'scalar') throw new TypeError(`${property.resolver} needs a scalar property`);
      return createExtreme(acceptsFor(type, false), type.scalar, property.resolver === 'max');
    case 'sum':
      return createSum(acceptsFor(type, false));
    case 'average':
      return createAverage(acceptsFor(type, false));
    case 'count':
      return createCount();
    case 'concatenate':
      return createConcatenate(acceptsFor(type, false), property.separator);
    case 'union':
      return createUnion(acceptsFor(type, false));
    case 'custom':
      throw new TypeError(`property "${property.name}" has a custom resolver, which is not a fold`);
  }
};
