import { maxAliasesPlugin } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthPlugin } from '@escape.tech/graphql-armor-max-depth';
import { maxTokensPlugin } from '@escape.tech/graphql-armor-max-tokens';
import type { Plugin } from 'graphql-yoga';
import { useNestingLimit } from './nesting-limit.js';

export interface RequestLimits {
  readonly maxDepth: number;
  readonly maxAliases: number;
  readonly maxTokens: number;
  readonly maxBodyBytes: number;
}

/**
 * Rejects bodies over the limit with 413: by their `content-length` before they
 * are read, and by the bytes actually read when there is none (a chunked body).
 * A declared length is binding: Node's HTTP parser ends the body there, so a
 * body declared within the limit is handed to yoga's parser as it is, without
 * the copy through a counting reader (a few per cent of a list request's CPU).
 * Then documents
 * with too many tokens or too deep brackets before they are parsed, and deep or
 * alias-heavy operations at validation.
 */
export function useRequestLimits(limits: RequestLimits): Plugin[] {
  const bodyLimit: Plugin = {
    onRequest({ request, endResponse, fetchAPI }) {
      const length = Number(request.headers.get('content-length') ?? 0);
      if (length > limits.maxBodyBytes) {
        endResponse(bodyTooLarge(fetchAPI, `Request body is ${length} bytes`, limits.maxBodyBytes));
      }
    },
    // Runs after yoga's own parsers have chosen one for the content type, so it wraps that one.
    onRequestParse({ request, requestParser, setRequestParser, fetchAPI }) {
      if (!requestParser || !request.body || request.headers.has('content-length')) return;
      setRequestParser(async (received) => {
        const body = await readAtMost(received, limits.maxBodyBytes);
        if (body === undefined) {
          return bodyTooLarge(fetchAPI, 'Request body is larger', limits.maxBodyBytes);
        }
        const { url, method, headers } = received;
        return requestParser(new fetchAPI.Request(url, { method, headers, body: new Uint8Array(body) }));
      });
    },
  };
  return [
    bodyLimit,
    ...(limits.maxTokens > 0 ? [maxTokensPlugin({ n: limits.maxTokens }) as Plugin] : []),
    useNestingLimit,
    maxDepthPlugin({ n: limits.maxDepth, flattenFragments: true }) as Plugin,
    maxAliasesPlugin({ n: limits.maxAliases }) as Plugin,
  ];
}

/** The 413 answer for a body over the limit, however its size was found out. */
export function bodyTooLarge(fetchAPI: { Response: typeof Response }, what: string, limit: number) {
  const message = `${what}; the limit is ${limit}. Split the request.`;
  return new fetchAPI.Response(
    JSON.stringify({ errors: [{ message, extensions: { code: 'BAD_USER_INPUT' } }] }),
    { status: 413, headers: { 'content-type': 'application/json' } },
  );
}

/** The whole body, or undefined (and the rest left unread) once it passes `limit` bytes. */
async function readAtMost(request: Request, limit: number): Promise<Buffer | undefined> {
  const reader = (request.body as ReadableStream<Uint8Array>).getReader();
  const chunks: Uint8Array[] = [];
  let length = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    length += value.byteLength;
    if (length > limit) {
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, length);
}
