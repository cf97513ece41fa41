import SchemaBuilder from '@pothos/core';
import type DataLoader from 'dataloader';
import type { Delta } from '../delta/delta.js';
import type { Engine } from '../engine/engine.js';
import type { EntityLists } from '../projection/entity-lists.js';
import type { DeltaStore, FeedCursor, FeedEntry } from '../store/delta-store.js';
import { DateTimeScalar, JSONScalar } from './scalars.js';

/** Per-request state: who is asking, and request-scoped batch loaders. */
export interface GraphQLContext {
  readonly creator: string;
  /** Negations of a delta, batched per request. */
  readonly negationsOf: DataLoader<string, Delta[]>;
}

/** What the generated resolvers need from the rest of the app. */
export interface SchemaDeps {
  readonly engine: Engine;
  readonly store: DeltaStore;
  /** Live lists from the projection tables; without it (or when a table is not ready) lists resolve in memory. */
  readonly lists?: EntityLists;
  /** This node's id, the `host` of the deltas it accepts. */
  readonly nodeId: string;
  /** `deltaAdded`: replay after the cursor (or only new entries when null), then live, in feed order. */
  deltaStream(after: FeedCursor | null): AsyncIterableIterator<FeedEntry>;
}

export interface BuilderTypes {
  Context: GraphQLContext;
  /** Outputs are non-null unless a field says otherwise (DESIGN.md §4 marks the nullable ones). */
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
