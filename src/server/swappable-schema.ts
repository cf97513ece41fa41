import type { GraphQLSchema } from 'graphql';
import type { Plugin } from 'graphql-yoga';

/**
 * Lets the app replace the served schema (schema reload) for HTTP and
 * WebSocket alike: envelop hands every plugin `setSchema` at init, and
 * requests already running keep the schema they started with.
 */
export function createSwappableSchema() {
  let setSchema: ((schema: GraphQLSchema) => void) | undefined;
  const plugin: Plugin = {
    onPluginInit(payload) {
      setSchema = payload.setSchema;
    },
  };
  return {
    plugin,
    swap(schema: GraphQLSchema) {
      if (!setSchema) throw new Error('the schema plugin is not initialised yet');
      setSchema(schema);
    },
  };
}
