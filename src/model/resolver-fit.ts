import type { BuiltinResolverName, PropertyType, ScalarName } from './model.js';
import { formatType } from './parse-type.js';

/**
 * Which types each built-in resolver fits. The rule: the resolved value must
 * itself be a valid value of the declared type, so a GraphQL client never
 * receives a wrongly typed value. Hence `average` needs Float (the mean of Ints
 * is fractional), `count` needs Int or Float (it yields a number whatever the
 * values are), and only `union` (or a custom function) can produce a list.
 */
const FITS: Readonly<Record<BuiltinResolverName, { scalars: readonly ScalarName[] | 'any'; list: boolean }>> =
  {
    lastWriteWins: { scalars: 'any', list: false },
    firstWriteWins: { scalars: 'any', list: false },
    majority: { scalars: 'any', list: false },
    min: { scalars: ['Int', 'Float', 'String', 'ID', 'DateTime'], list: false },
    max: { scalars: ['Int', 'Float', 'String', 'ID', 'DateTime'], list: false },
    sum: { scalars: ['Int', 'Float'], list: false },
    average: { scalars: ['Float'], list: false },
    count: { scalars: ['Int', 'Float'], list: false },
    concatenate: { scalars: ['String'], list: false },
    union: { scalars: 'any', list: true },
  };

export const isBuiltinResolver = (name: unknown): name is BuiltinResolverName =>
  typeof name === 'string' && Object.hasOwn(FITS, name);

export const defaultResolver = (type: PropertyType): BuiltinResolverName =>
  type.list ? 'union' : 'lastWriteWins';

/** Undefined when the resolver fits, else a message saying what would. */
export const resolverMisfit = (resolver: BuiltinResolverName, type: PropertyType): string | undefined => {
  const fit = FITS[resolver];
  const typeText = formatType(type);
  if (fit.list !== type.list) {
    return fit.list
      ? `resolver "${resolver}" needs a list type such as [String], not ${typeText}`
      : `resolver "${resolver}" does not fit the list type ${typeText}; lists use "union" or a custom function`;
  }
  if (fit.scalars === 'any') return undefined;
  if (type.kind === 'scalar' && fit.scalars.includes(type.scalar)) return undefined;
  return `resolver "${resolver}" does not fit type ${typeText}; it needs ${fit.scalars.join(' or ')}`;
};
