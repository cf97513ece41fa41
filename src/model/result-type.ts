import type { PropertyModel, PropertyType } from './model.js';

/**
 * The type a property's resolved value has, which GraphQL declares for the
 * field: the declared type, except that `sum` of an `Int` property is a
 * `Float`, because a sum of 32-bit values leaves the 32-bit range (a Float
 * holds it exactly up to 2^53, some four million maximal values).
 */
export const resultType = (property: PropertyModel): PropertyType => {
  const { type } = property;
  if (property.resolver === 'sum' && type.kind === 'scalar' && type.scalar === 'Int') {
    return { ...type, scalar: 'Float' };
  }
  return type;
};
