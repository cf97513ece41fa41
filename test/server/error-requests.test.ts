import { createSchema, createYoga } from 'graphql-yoga';
import { describe, expect, it } from 'vitest';
import { createErrorRequests } from '../../src/server/error-requests.js';

// yoga logs each error it masks with no request at hand; the plugin says which request it came from.
const errorRequests = createErrorRequests();
const logged: { error: unknown; requestId: string | undefined }[] = [];
const yoga = createYoga<{ request: Request }>({
  schema: createSchema({
    typeDefs: 'type Query { boom: String, fine: String }',
    resolvers: {
      Query: {
        boom: () => {
          throw new Error('disk on fire');
        },
        fine: () => 'ok',
      },
    },
  }),
  context: ({ request }) => {
    if (request.headers.get('x-break-context') === 'yes') throw new Error('context on fire');
    return {};
  },
  plugins: [errorRequests.plugin],
  logging: {
    debug: () => {},
    info: () => {},
    warn: () => {},
    error: (error: unknown) => logged.push({ error, requestId: errorRequests.requestIdOf(error) }),
  },
});

const ask = async (query: string, headers: Record<string, string>) => {
  logged.length = 0;
  const response = await yoga.fetch('http://localhost/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query }),
  });
  return (await response.json()) as { errors?: { message: string }[] };
};

describe('errors name the request they arose in', () => {
  it('tags an error a resolver threw, which yoga masks and logs', async () => {
    const body = await ask('{ boom fine }', { 'x-request-id': 'req-resolver' });
    expect(body.errors?.[0]?.message).toBe('Unexpected error.');
    expect(logged).toHaveLength(1);
    expect(logged[0]?.requestId).toBe('req-resolver');
    expect(String((logged[0]?.error as { originalError?: unknown } | undefined)?.originalError)).toContain(
      'disk on fire',
    );
  });

  it('tags an error thrown while building the context', async () => {
    const body = await ask('{ fine }', { 'x-request-id': 'req-context', 'x-break-context': 'yes' });
    expect(body.errors?.[0]?.message).toBe('Unexpected error.');
    expect(logged.map((entry) => entry.requestId)).toEqual(['req-context']);
    expect(String(logged[0]?.error)).toContain('context on fire');
  });

  it('gives a request without a valid id one of its own, the same for all its errors', async () => {
    await ask('{ a: boom b: boom }', { 'x-request-id': 'has spaces' });
    expect(logged).toHaveLength(2);
    expect(logged[0]?.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(logged[1]?.requestId).toBe(logged[0]?.requestId);
  });

  it('knows nothing of errors it never saw', () => {
    expect(errorRequests.requestIdOf(new Error('elsewhere'))).toBeUndefined();
  });
});
