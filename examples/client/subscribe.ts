import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import type { Client } from 'graphql-ws';

/**
 * A typed subscription over graphql-ws (`graphql-transport-ws`): each event's
 * `data` has the type codegen generated for the document.
 */
export function subscribe<TResult, TVariables extends Record<string, unknown>>(
  client: Client,
  document: TypedDocumentNode<TResult, TVariables>,
  variables: TVariables,
): AsyncIterableIterator<TResult> {
  const events = client.iterate<TResult>({ query: print(document), variables });
  return {
    async next() {
      const event = await events.next();
      if (event.done) return { done: true, value: undefined };
      const error = event.value.errors?.[0];
      if (error) throw new Error(`subscription error: ${error.message}`);
      if (event.value.data == null) throw new Error('subscription event without data');
      return { done: false, value: event.value.data };
    },
    async return() {
      await events.return?.();
      return { done: true, value: undefined };
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}
