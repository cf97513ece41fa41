import { GraphQLLiveDirective } from '@envelop/live-query';
import { GraphQLSchema } from 'graphql';
import type { Model } from '../model/model.js';
import { createBuilder, type SchemaDeps } from './builder.js';
import { defineDeltaFields } from './delta-fields.js';
import { defineEntityFields } from './entity-fields.js';
import { defineEntityTypes } from './entity-types.js';
import { defineNodeFields } from './node-fields.js';

/**
 * Compiles the entity model into the GraphQL API of docs/design.md §4: the generic
 * delta API, then one explicit pass over the entities.
 */
export function buildSchema(model: Model, deps: SchemaDeps): GraphQLSchema {
  const builder = createBuilder();
  const { DeltaRef } = defineDeltaFields(builder, deps);
  defineNodeFields(builder, deps.node);
  const refsOf = defineEntityTypes(builder, model, deps, DeltaRef);
  for (const entity of model.entities) defineEntityFields(builder, entity, refsOf(entity.name), deps);
  const schema = builder.toSchema({ sortSchema: true });
  // `query @live { … }` (docs/design.md §4), served by the live query plugin (src/server/live-queries.ts).
  return new GraphQLSchema({
    ...schema.toConfig(),
    directives: [...schema.getDirectives(), GraphQLLiveDirective],
  });
}
