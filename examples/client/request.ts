import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';

/** What a GraphQL-over-HTTP server answers; `errors` carry `extensions.code` (docs/design.md §4). */
interface GraphQLResponse<TResult> {
  data?: TResult | null;
  errors?: ReadonlyArray<{ message: string; extensions?: { code?: string } }>;
}

/**
 * A typed query or mutation over HTTP in twenty lines: the document's types
 * flow from codegen, so `variables` and the result are checked at compile time.
 */
export async function request<TResult, TVariables>(
  url: string,
  document: TypedDocumentNode<TResult, TVariables>,
  variables: TVariables,
): Promise<TResult> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
    body: JSON.stringify({ query: print(document), variables }),
  });
  const body = (await response.json()) as GraphQLResponse<TResult>;
  const error = body.errors?.[0];
  if (error) throw new Error(`${error.extensions?.code ?? 'ERROR'}: ${error.message}`);
  if (body.data == null) throw new Error(`HTTP ${response.status} without data`);
  return body.data;
}
