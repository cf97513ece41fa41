import type { JsonValue } from '../delta/delta.js';

/** The compiled, frozen entity model built from `schema/` declarations (docs/design.md §3). */

export const SCALAR_TYPES = ['String', 'Int', 'Float', 'Boolean', 'ID', 'DateTime', 'JSON'] as const;
export type ScalarName = (typeof SCALAR_TYPES)[number];

export type BuiltinResolverName =
  | 'lastWriteWins'
  | 'firstWriteWins'
  | 'min'
  | 'max'
  | 'sum'
  | 'average'
  | 'count'
  | 'concatenate'
  | 'majority'
  | 'union';

/** A value as resolved for a property: JSON (primitives, and objects and arrays for JSON properties), `{ id }` for references, arrays for lists. */
export type ResolvedValue = JsonValue | { readonly id: string } | readonly ResolvedValue[];

/** One value a delta contributes to a property, with what ordering needs. */
export interface ContributedValue {
  readonly value: JsonValue | { readonly id: string };
  readonly deltaId: string;
  readonly timeCreated: number;
}

export interface CustomResolverInput {
  /** This property's contributing values, in (timeCreated, id) order. */
  readonly values: readonly ContributedValue[];
  /**
   * Already-resolved values of the properties named in `dependsOn`; for one
   * declared `{ property, history: true }`, the array of its contributing values
   * in (timeCreated, id) order instead.
   */
  readonly resolved: Readonly<Record<string, ResolvedValue | undefined>>;
}

export type CustomResolver = (input: CustomResolverInput) => unknown;

export type PropertyType =
  | { readonly kind: 'scalar'; readonly scalar: ScalarName; readonly list: boolean }
  | { readonly kind: 'reference'; readonly entity: string; readonly list: boolean };

export interface PropertyModel {
  readonly name: string;
  readonly type: PropertyType;
  readonly resolver: BuiltinResolverName | 'custom';
  readonly custom?: CustomResolver;
  /** Separator for `concatenate`. @default '' */
  readonly separator: string;
  /** Every property named in `dependsOn`, resolved before this one. */
  readonly dependsOn: readonly string[];
  /**
   * The `dependsOn` names declared `{ property, history: true }`: the resolver
   * gets their contributing values as an array instead of their resolved value
   * (docs/design.md §9). Absent when there are none.
   */
  readonly history?: readonly string[];
}

/** Who may do something (docs/design.md §6): anyone, any valid token, or a token holding one of the roles. */
export type AccessRule = 'public' | 'authenticated' | { readonly roles: readonly string[] };

export interface AccessModel {
  readonly read: AccessRule;
  readonly write: AccessRule;
}

export interface EntityModel {
  readonly name: string;
  readonly plural: string;
  /** The localContext that makes an entity a member of this type. */
  readonly collection: string;
  /** In declaration order. */
  readonly properties: readonly PropertyModel[];
  /** Property names in an order where every `dependsOn` comes first. */
  readonly resolveOrder: readonly string[];
  /** Rules for reading and writing this type; they apply only while auth is on. */
  readonly access: AccessModel;
  /** The file the declaration came from, for error messages. */
  readonly file: string;
}

export interface Model {
  /** In a stable order (by name). */
  readonly entities: readonly EntityModel[];
  entity(name: string): EntityModel | undefined;
}
