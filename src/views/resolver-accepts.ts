import type { PropertyModel } from '../model/model.js';
import { type Accepts, acceptsFor } from './accepts.js';
import { MAX_SUMMAND } from './resolvers/numeric.js';

const everything: Accepts = () => true;

/**
 * Which contributed values a property's resolver takes part in its result,
 * as `createResolver` builds them (docs/design.md §2): write-wins and
 * `majority` take `null`, the other folds skip it; `sum` and `average` also
 * skip magnitudes beyond `MAX_SUMMAND`; `count` and custom resolvers take every
 * value. `_resolution` reports the rest as NOT_OF_TYPE. A test checks this
 * table against the folds themselves.
 */
export const resolverAccepts = (property: PropertyModel): Accepts => {
  const { type } = property;
  switch (property.resolver) {
    case 'lastWriteWins':
    case 'firstWriteWins':
    case 'majority':
      return acceptsFor(type, true);
    case 'sum':
    case 'average': {
      const accepts = acceptsFor(type, false);
      return (value) => accepts(value) && Math.abs(value as number) <= MAX_SUMMAND;
    }
    case 'count':
    case 'custom':
      return everything;
    default:
      return acceptsFor(type, false);
  }
};
