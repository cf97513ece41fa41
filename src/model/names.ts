/** Naming rules shared by the model compiler (docs/design.md §1 reserved names, §3, §4). */

/** Entity type names: PascalCase GraphQL names. */
export const PASCAL_CASE = /^[A-Z][A-Za-z0-9]*$/;

/** GraphQL names; a leading `_` is checked separately because it means "reserved". */
export const GRAPHQL_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Type names the GraphQL layer defines for every schema; an entity with one of
 * these names would collide with it.
 */
export const RESERVED_TYPE_NAMES: ReadonlySet<string> = new Set([
  'String',
  'Int',
  'Float',
  'Boolean',
  'ID',
  'DateTime',
  'JSON',
  'Query',
  'Mutation',
  'Subscription',
  'Delta',
  'DeltaInput',
  'DeltaConnection',
  'DeltaEdge',
  'Pointer',
  'PointerInput',
  'PageInfo',
  'Node',
]);

/** `Person` → `person`, `HTTPServer` → `httpServer`, `URL` → `url`. */
export const lowerCamel = (name: string): string => {
  const leadingCaps = /^[A-Z]+/.exec(name)?.[0] ?? '';
  if (leadingCaps.length <= 1) return name.charAt(0).toLowerCase() + name.slice(1);
  // In `HTTPServer` the last capital starts the next word, unless the name ends there.
  const keep = leadingCaps.length === name.length ? leadingCaps.length : leadingCaps.length - 1;
  return name.slice(0, keep).toLowerCase() + name.slice(keep);
};
