import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { useTestDatabase } from '../support/database.js';
import { startTestApp, type TestApp } from '../support/start-app.js';

const database = useTestDatabase();
let app: TestApp;
const BUFFER_LIMIT = 256 * 1024;

beforeAll(async () => {
  app = await startTestApp(database.url, {
    maxSubscriptions: 2,
    maxWsBufferBytes: BUFFER_LIMIT,
    maxBodyBytes: 1024 * 1024,
  });
});
afterAll(() => app?.stop());

/** A raw graphql-transport-ws socket, acknowledged, with its incoming messages. */
async function rawSocket() {
  const socket = new WebSocket(app.url.replace(/^http/, 'ws'), 'graphql-transport-ws');
  const messages: { type: string; id?: string; payload?: any }[] = [];
  const waiters: (() => void)[] = [];
  socket.on('message', (data) => {
    messages.push(JSON.parse(String(data)));
    for (const wake of waiters.splice(0)) wake();
  });
  const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
  await new Promise((resolve) => socket.once('open', resolve));
  const next = (test: (m: (typeof messages)[number]) => boolean) =>
    new Promise<(typeof messages)[number]>((resolve) => {
      const look = () => {
        const found = messages.find(test);
        if (found) resolve(found);
        else waiters.push(look);
      };
      look();
    });
  socket.send(JSON.stringify({ type: 'connection_init' }));
  await next((m) => m.type === 'connection_ack');
  return { socket, messages, next, closed };
}

const DELTA_ADDED = 'subscription { deltaAdded { cursor node { id pointers { localContext value } } } }';
const subscribe = (socket: WebSocket, id: string, query = DELTA_ADDED) =>
  socket.send(JSON.stringify({ id, type: 'subscribe', payload: { query } }));

/** One request of four deltas, each with three 60 kB strings (about 720 kB of JSON). */
async function emitBulk(round: number) {
  const big = 'x'.repeat(60 * 1024);
  const deltas = Array.from({ length: 4 }, (_, i) => ({
    pointers: [
      { localContext: 'bulk', entity: `bulk-${round}-${i}` },
      { localContext: 'a', value: big },
      { localContext: 'b', value: big },
    ],
  }));
  const result = await app.gql('mutation ($d: [DeltaInput!]!) { emitDeltas(deltas: $d) { id } }', {
    d: deltas,
  });
  expect(result.errors).toBeUndefined();
}

describe('WebSocket limits', () => {
  it('closes a socket that sends a message over the size limit with 1009', async () => {
    const { socket, closed } = await rawSocket();
    socket.send('x'.repeat(1024 * 1024 + 1));
    expect(await closed).toBe(1009);
  });

  it('refuses a subscription past the cap per connection, and accepts one after another completes', async () => {
    const { socket, next } = await rawSocket();
    subscribe(socket, 'a');
    subscribe(socket, 'b');
    subscribe(socket, 'c');
    const refused = await next((m) => m.id === 'c');
    expect(refused.type).toBe('error');
    expect(refused.payload[0].extensions.code).toBe('TOO_MANY_SUBSCRIPTIONS');
    socket.send(JSON.stringify({ id: 'a', type: 'complete' }));
    subscribe(socket, 'd', '{ __typename }');
    const answered = await next((m) => m.id === 'd' && m.type === 'next');
    expect(answered.payload.data).toEqual({ __typename: 'Query' });
    socket.close();
  });

  it('closes a slow reader with 4429 while memory stays flat and other subscribers keep receiving', {
    timeout: 60_000,
  }, async () => {
    const slow = await rawSocket();
    subscribe(slow.socket, 's');
    const fast = await rawSocket();
    subscribe(fast.socket, 'f');
    // Both are live once each has received a first delta.
    await emitBulk(0);
    await slow.next((m) => m.id === 's' && m.type === 'next');
    await fast.next((m) => m.id === 'f' && m.type === 'next');

    // The slow reader stops reading; the kernel's buffers fill first, then the server's.
    (slow.socket as unknown as { _socket: { pause(): void } })._socket.pause();
    const memory = () => process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
    const before = memory();
    const rounds = 16; // about 11.5 MB, well past what loopback buffers absorb
    for (let round = 1; round <= rounds; round++) await emitBulk(round);
    const fastCount = 4 * (rounds + 1);
    // If the server cuts the fast reader too, say so at once rather than time out.
    const fastCut = fast.closed.then((code) => {
      throw new Error(`the reader that keeps up was closed with ${code}`);
    });
    fastCut.catch(() => undefined);
    await Promise.race([
      fast.next(() => fast.messages.filter((m) => m.id === 'f' && m.type === 'next').length >= fastCount),
      fastCut,
    ]);
    const grown = memory() - before;

    (slow.socket as unknown as { _socket: { resume(): void } })._socket.resume();
    expect(await slow.closed).toBe(4429);
    // Unbounded, the server would hold every undelivered delta; the bound keeps it to the buffer limit.
    expect(grown).toBeLessThan(128 * 1024 * 1024);
    console.info(
      `slow reader: heap+buffers grew ${(grown / 1024 / 1024).toFixed(1)} MB over ${rounds} rounds`,
    );

    await emitBulk(rounds + 1);
    await fast.next(
      () => fast.messages.filter((m) => m.id === 'f' && m.type === 'next').length >= fastCount + 4,
    );
    fast.socket.close();
  });
});
