const UNDERSCORE = 95;

/**
 * Names that begin with `_` belong to the system (docs/design.md §1, Reserved
 * names): `_negates`, `_transaction`, GraphQL's `_deltas`, and imported
 * relationship contexts such as `_rel_source`. The one home of that rule.
 */
export const isSystemContext = (name: string): boolean => name.charCodeAt(0) === UNDERSCORE;
