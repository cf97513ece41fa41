/**
 * The two servers `bench/api.ts` compares, each run in its own process:
 * `rhizome` (the real app, auth off), `rhizome-jwt` (the real app with HS256
 * auth on, its secret the third argument) and `baseline` (graphql-yoga +
 * postgres.js over a plain mutable table with the same fields). Prints its
 * URL on stdout. It shuts down (releasing its database connections, so
 * nothing keeps retrying a database the bench drops) on SIGTERM or SIGINT,
 * and when its stdin closes: the bench holds that pipe, so a bench that dies
 * any way at all, even by SIGKILL, takes its servers with it.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSchema, createYoga } from 'graphql-yoga';
import postgres from 'postgres';
import { loadConfig } from '../src/config.js';
import { createApp } from '../src/server/app.js';

const [kind, databaseUrl, jwtSecret] = process.argv.slice(2);

/** Runs `stop` once on the first signal or when the parent's pipe closes, then exits. */
function stopOnExitRequest(stop: () => Promise<void>): void {
  let stopping = false;
  const shutdown = () => {
    if (stopping) return;
    stopping = true;
    // A stop that hangs must not keep the process alive: exit anyway after 5 s.
    setTimeout(() => process.exit(1), 5000).unref();
    stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
  process.stdin.once('close', shutdown);
  process.stdin.once('end', shutdown);
  process.stdin.resume();
}
if (!databaseUrl || (kind !== 'rhizome' && kind !== 'rhizome-jwt' && kind !== 'baseline')) {
  throw new Error('usage: api-servers.ts rhizome|rhizome-jwt|baseline DATABASE_URL [JWT_SECRET]');
}

if (kind === 'rhizome' || kind === 'rhizome-jwt') {
  if (kind === 'rhizome-jwt' && !jwtSecret) throw new Error('rhizome-jwt needs the JWT secret');
  const app = createApp(
    // No rate limit: the bench measures throughput from one address, far above any sane per-caller limit.
    loadConfig({
      port: 0,
      host: '127.0.0.1',
      databaseUrl,
      logLevel: 'warn',
      nodeId: 'bench',
      rateLimit: 0,
      ...(kind === 'rhizome-jwt' && { jwtSecret }),
    }),
  );
  stopOnExitRequest(() => app.stop());
  const { url } = await app.start();
  console.log(url);
} else {
  const sql = postgres(databaseUrl, { max: 10, onnotice: () => {} });
  await sql`CREATE TABLE IF NOT EXISTS people (
    id text PRIMARY KEY DEFAULT gen_random_uuid()::text, name text, nickname text, age int, visits int, bio text, label text)`;
  const yoga = createYoga({
    logging: false,
    schema: createSchema({
      typeDefs: /* GraphQL */ `
        type Person { id: ID!, name: String, nickname: String, age: Int, visits: Int, bio: String, label: String }
        input PersonInput { name: String, nickname: String, age: Int, visits: Int, bio: String, label: String }
        type Query { person(id: ID!): Person }
        type Mutation { createPerson(id: ID, input: PersonInput!): Person! }
      `,
      resolvers: {
        Query: {
          person: async (_: unknown, { id }: { id: string }) =>
            (await sql`SELECT * FROM people WHERE id = ${id}`)[0] ?? null,
        },
        Mutation: {
          createPerson: async (_: unknown, { input }: { input: Record<string, unknown> }) =>
            (
              await sql`INSERT INTO people (name, age) VALUES (${input.name as string}, ${input.age as number}) RETURNING *`
            )[0],
        },
      },
    }),
  });
  const server = createServer(yoga);
  stopOnExitRequest(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await sql.end({ timeout: 1 });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  console.log(`http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`);
}
