/**
 * Idle graphql-ws connections for `bench/fanout.ts`, in a process of their
 * own (each process has its own file-descriptor limit). Opens `count` raw
 * graphql-transport-ws sockets to `url` from `localAddress`, each sends
 * `connection_init` and waits for the ack; prints `{"held", "failed", "firstError"}`,
 * then holds them until stdin closes, and exits.
 */
import { createInterface } from 'node:readline';
import { WebSocket } from 'ws';

const [url, countText, localAddress] = process.argv.slice(2);
if (!url || !countText) throw new Error('usage: fanout-idle-clients.ts WS_URL COUNT [LOCAL_ADDRESS]');
const count = Number(countText);
const sockets: WebSocket[] = [];
let held = 0;
let failed = 0;
let firstError: string | undefined;

const open = () =>
  new Promise<void>((resolve) => {
    const socket = new WebSocket(url, 'graphql-transport-ws', {
      ...(localAddress && { localAddress }),
      perMessageDeflate: false,
    });
    sockets.push(socket);
    const fail = (reason: string) => {
      failed++;
      firstError ??= reason;
      socket.terminate();
      resolve();
    };
    socket.once('error', (error) => fail(error.message));
    socket.once('open', () => socket.send('{"type":"connection_init"}'));
    socket.once('message', () => {
      held++;
      resolve();
    });
    socket.once('close', (code) => fail(`closed with ${code}`));
  });

// A few hundred handshakes at a time: the server's accept backlog is finite.
const CONCURRENT = 200;
let next = 0;
await Promise.all(
  Array.from({ length: CONCURRENT }, async () => {
    while (next < count) {
      next++;
      await open();
    }
  }),
);
process.stdout.write(`${JSON.stringify({ held, failed, firstError })}\n`);
createInterface({ input: process.stdin }).on('close', () => {
  for (const socket of sockets) socket.terminate();
  process.exit(0);
});
