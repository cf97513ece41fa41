import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createApp } from '../../src/server/app.js';
import { useTestDatabase } from '../support/database.js';
import { AUTH_MODEL, bearer, SECRET } from './support/auth-app.js';

const database = useTestDatabase();
const lines: { level: number; msg: string }[] = [];
let app: ReturnType<typeof createApp>;
let url: string;

beforeAll(async () => {
  app = createApp(
    loadConfig({
      port: 0,
      host: '127.0.0.1',
      databaseUrl: database.url,
      nodeId: 'node-test',
      jwtSecret: SECRET,
    }),
    {
      model: AUTH_MODEL,
      logger: pino(
        { level: 'debug' },
        new Writable({
          write(chunk, _encoding, done) {
            lines.push(JSON.parse(String(chunk)));
            done();
          },
        }),
      ),
    },
  );
  ({ url } = await app.start());
});
afterAll(() => app.stop());

const post = async (query: string, headers: Record<string, string>) =>
  (await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query }),
  }).then((response) => response.json())) as { errors?: { extensions: { code: string } }[] };

describe('refused requests are not logged as errors', () => {
  it('a bad token and a refused rule log at debug, not at error level, so nobody can flood the log', async () => {
    const bad = await post(`{ person(id: "x") { name } }`, { authorization: 'Bearer garbage' });
    expect(bad.errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
    const refused = await post(
      `mutation { createArticle(input: { title: "t" }) { title } }`,
      await bearer('alice'),
    );
    expect(refused.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    expect(lines.filter((line) => line.level >= 50)).toEqual([]);
    expect(lines.filter((line) => line.level === 20).length).toBeGreaterThanOrEqual(2);
  });
});
