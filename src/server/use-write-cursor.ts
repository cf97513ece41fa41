import type { Plugin } from 'graphql-yoga';
import type { GraphQLContext } from '../graphql/request-context.js';

/**
 * Puts the cursor of an operation's last written delta into the response as
 * `extensions.cursor` (docs/design.md §9), so the generated schema stays as it
 * was for existing clients. Only results of operations that wrote carry it.
 */
export const useWriteCursor: Plugin<GraphQLContext> = {
  onExecute() {
    return {
      onExecuteDone({ args, result, setResult }) {
        const cursor = (args.contextValue as Partial<GraphQLContext>).writes?.encoded();
        if (cursor === undefined || Symbol.asyncIterator in result) return;
        setResult({ ...result, extensions: { ...result.extensions, cursor } });
      },
    };
  },
};
