import { execute, subscribe } from 'graphql';
import type { Plugin } from 'graphql-yoga';

/**
 * Runs operations with graphql-js's own `execute` and `subscribe` instead of
 * yoga's default `@graphql-tools/executor`. That executor (2.0.1, the last
 * that runs on Node 20) builds each selection set's result object as its
 * fields' promises settle, so a response listed fields in the order they
 * finished, not the order they were asked for. graphql-js keeps the selection
 * order (GraphQL spec §7.2.2), and is the reference implementation besides.
 */
export const useGraphqlJsExecute: Plugin = {
  onExecute({ setExecuteFn }) {
    setExecuteFn(execute);
  },
  onSubscribe({ setSubscribeFn }) {
    setSubscribeFn(subscribe);
  },
};
