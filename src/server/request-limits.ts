import { maxAliasesPlugin } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthPlugin } from '@escape.tech/graphql-armor-max-depth';
import type { Plugin } from 'graphql-yoga';
import { useNestingLimit } from './nesting-limit.js';

export interface RequestLimits {
  readonly maxDepth: number;
  readonly maxAliases: number;
  readonly maxBodyBytes: number;
}

/**
 * Rejects oversized bodies before they are read, too deeply bracketed
 * documents before they are parsed, and deep or alias-heavy operations at
 * validation.
 */
export function useRequestLimits(limits: RequestLimits): Plugin[] {
  const bodyLimit: Plugin = {
    onRequest({ request, endResponse, fetchAPI }) {
      const length = Number(request.headers.get('content-length') ?? 0);
      if (length > limits.maxBodyBytes) {
        const message = `Request body is ${length} bytes; the limit is ${limits.maxBodyBytes}. Split the request.`;
        endResponse(
          new fetchAPI.Response(
            JSON.stringify({ errors: [{ message, extensions: { code: 'BAD_USER_INPUT' } }] }),
            {
              status: 413,
              headers: { 'content-type': 'application/json' },
            },
          ),
        );
      }
    },
  };
  return [
    bodyLimit,
    useNestingLimit,
    maxDepthPlugin({ n: limits.maxDepth, flattenFragments: true }) as Plugin,
    maxAliasesPlugin({ n: limits.maxAliases }) as Plugin,
  ];
}
