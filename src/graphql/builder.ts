import SchemaBuilder from '@pothos/core';
import type { Engine } from '../engine/engine.js';
import type { EntityLists } from '../projection/entity-lists.js';
import type { DeltaStore, FeedEntry } from '../store/delta-store.js';
import type { FeedCursor } from '../store/feed-cursor.js';
import type { NodeInfo } from './node-fields.js';
import type { GraphQLContext } from './request-context.js';
import { DateTimeScalar, JSONScalar } from './scalars.js';

export type { GraphQLContext } from './request-context.js';

/** What the generated resolvers need from the rest of the app; per-request state is in `GraphQLContext`. */
export interface SchemaDeps {
  readonly engine: Engine;
  /** The reads the generic delta API answers from the log itself; entities go through the engine. */
  readonly store: Pick<DeltaStore, 'get' | 'since' | 'count' | 'cursorState'>;
  /**
   * The feed position of this instance's latest write: `deltas` waits (briefly) until every older
   * transaction has ended, so a page read right after a mutation shows it (read-your-writes, §5.3).
   */
  readonly lastWrite?: () => FeedCursor | null;
  /** Live lists from the projection tables; without it (or when a table is not ready) lists resolve in memory. */
  readonly lists?: EntityLists;
  /** `deltaAdded`: replay after the cursor (or only new entries when null), then live, in feed order. */
  deltaStream(after: FeedCursor | null): AsyncIterableIterator<FeedEntry>;
  /** `rhizomeNode`: this node's id and its peers (docs/design.md §7). */
  readonly node?: NodeInfo;
}

export interface BuilderTypes {
  Context: GraphQLContext;
  /** Outputs are non-null unless a field says otherwise (docs/design.md §4 marks the nullable ones). */
  DefaultFieldNullability: false;
  Scalars: {
    DateTime: { Input: number; Output: number };
    JSON: { Input: unknown; Output: unknown };
  };
}

export function createBuilder() {
  const builder = new SchemaBuilder<BuilderTypes>({ defaultFieldNullability: false });
  builder.addScalarType('DateTime', DateTimeScalar);
  builder.addScalarType('JSON', JSONScalar);
  builder.queryType({});
  builder.mutationType({});
  builder.subscriptionType({});
  return builder;
}

export type Builder = ReturnType<typeof createBuilder>;
/** The full Pothos type map of our builder, for typing refs. */
export type Types = PothosSchemaTypes.ExtendDefaultTypes<BuilderTypes>;
