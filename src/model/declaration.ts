import type { AccessRule, BuiltinResolverName, CustomResolver } from './model.js';

/**
 * One property as written in a `schema/` file (docs/design.md §3).
 *
 * @example { type: 'Int', resolver: 'max' }
 * @example { type: 'String', dependsOn: ['name'], resolver: ({ resolved }) => `${resolved.name}!` }
 */
export interface PropertyDeclaration {
  /** A scalar (`String`, `Int`, `Float`, `Boolean`, `ID`, `DateTime`, `JSON`), a declared entity name, or `[T]`. */
  readonly type: string;
  /** @default 'union' for lists, else 'lastWriteWins' */
  readonly resolver?: BuiltinResolverName | CustomResolver;
  /** Only with `concatenate`. @default '' */
  readonly separator?: string;
  /**
   * Only with a custom resolver: the properties whose resolved values it reads.
   * `{ property, history: true }` passes that property's contributing values
   * (an array in (timeCreated, id) order) instead of its resolved value.
   * @example ['name', { property: 'temperature', history: true }]
   */
  readonly dependsOn?: readonly (string | DependencyDeclaration)[];
}

/** A `dependsOn` entry in object form. */
export interface DependencyDeclaration {
  readonly property: string;
  /** @default false */
  readonly history?: boolean;
}

/**
 * One entity type as written in a `schema/` file (docs/design.md §3).
 *
 * @example { name: 'Person', plural: 'People', properties: { name: { type: 'String' } } }
 */
export interface EntityDeclaration {
  /** GraphQL type name, PascalCase. */
  readonly name: string;
  /** @default name + 's' */
  readonly plural?: string;
  /** The localContext that makes an entity a member. @default lowerCamel(name) */
  readonly collection?: string;
  readonly properties: Readonly<Record<string, PropertyDeclaration>>;
  /**
   * Who may read and write this type while auth is on (docs/design.md §6).
   * @default { read: 'public', write: 'authenticated' }
   * @example { read: 'authenticated', write: { roles: ['editor'] } }
   */
  readonly access?: { readonly read?: AccessRule; readonly write?: AccessRule };
}

/**
 * Identity helper so `schema/*.ts` files are type-checked and editors complete
 * resolver names; it changes nothing at run time.
 *
 * @example export default defineEntity({ name: 'Tag', properties: { label: { type: 'String' } } });
 */
export const defineEntity = <const T extends EntityDeclaration>(declaration: T): T => declaration;
