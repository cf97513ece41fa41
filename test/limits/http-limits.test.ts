import { request } from 'node:http';
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../support/database.js';
import { startTestApp, type TestApp } from '../support/start-app.js';

const database = useTestDatabase();
let app: TestApp;
let port: number;

beforeAll(async () => {
  app = await startTestApp(database.url, {
    maxBodyBytes: 1024,
    headersTimeoutMs: 300,
    requestTimeoutMs: 1000,
    maxConnections: 4,
  });
  port = Number(new URL(app.url).port);
});
afterAll(() => app?.stop());

/** Sends a body in chunks, without content-length (Transfer-Encoding: chunked). */
function postChunked(chunks: string[]): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        port,
        host: '127.0.0.1',
        path: '/graphql',
        method: 'POST',
        headers: { 'content-type': 'application/json' },
      },
      (res) => {
        let body = '';
        res.on('data', (chunk) => {
          body += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    for (const chunk of chunks) req.write(chunk);
    req.end();
  });
}

const countDeltas = async () =>
  (await app.gql('{ deltas { totalCount } }')).data?.deltas.totalCount as number;

/** A socket that ends when the server closes it; resolves with what the server sent. */
function openSocket(): Promise<{ socket: Socket; ended: Promise<string> }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let received = '';
    socket.on('data', (data) => {
      received += data;
    });
    const ended = new Promise<string>((done) => socket.once('close', () => done(received)));
    socket.once('connect', () => resolve({ socket, ended }));
    socket.once('error', reject);
  });
}

describe('the body limit', () => {
  it('answers 413 to a chunked body over the limit, and stores nothing', async () => {
    const before = await countDeltas();
    const padding = ' '.repeat(2000);
    const mutation = 'mutation { createPerson(id: "chunked", input: { name: "C" }) { id } }';
    const body = JSON.stringify({ query: `${mutation}${padding}` });
    const response = await postChunked([body.slice(0, 100), body.slice(100)]);
    expect(response.status).toBe(413);
    expect(JSON.parse(response.body).errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(await countDeltas()).toBe(before);
  });

  it('still answers a chunked body under the limit', async () => {
    const response = await postChunked(['{"query":', '"{ __typename }"}']);
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body).data).toEqual({ __typename: 'Query' });
  });
});

describe('timeouts', () => {
  it('closes a slowloris socket that never finishes its headers', async () => {
    const { socket, ended } = await openSocket();
    socket.write('POST /graphql HTTP/1.1\r\nHost: localhost\r\n');
    const started = Date.now();
    // Trickle a header line now and then, as slowloris does, until the server gives up.
    const trickle = setInterval(() => socket.writable && socket.write('X-Slow: 1\r\n'), 100);
    const received = await ended;
    clearInterval(trickle);
    expect(received).toMatch(/^HTTP\/1\.1 408/);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});

describe('the connection cap', () => {
  it('closes sockets past the cap at once, and serves again once one is released', async () => {
    const open = await Promise.all(Array.from({ length: 4 }, openSocket));
    const extra = await openSocket();
    expect(await extra.ended).toBe('');
    open[0]?.socket.destroy();
    await open[0]?.ended;
    for (const { socket } of open.slice(1)) socket.destroy();
    await Promise.all(open.map(({ ended }) => ended));
    const health = await fetch(`http://127.0.0.1:${port}/health`);
    expect(health.status).toBe(200);
  });
});
