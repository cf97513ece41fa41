import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { useTestDatabase } from '../support/database.js';
import { startTestApp, type TestApp } from '../support/start-app.js';

const database = useTestDatabase();
let app: TestApp;

beforeAll(async () => {
  app = await startTestApp(database.url, { wsKeepAliveMs: 100 });
});
afterAll(() => app?.stop());

const open = async (autoPong: boolean) => {
  const socket = new WebSocket(app.url.replace(/^http/, 'ws'), 'graphql-transport-ws', { autoPong });
  await new Promise((resolve) => socket.once('open', resolve));
  socket.send(JSON.stringify({ type: 'connection_init' }));
  await new Promise((resolve) => socket.once('message', resolve));
  return socket;
};

describe('the keep-alive sweep', () => {
  it('cuts a socket that does not answer pings, and keeps one that does', async () => {
    const answering = await open(true);
    const silent = await open(false);
    let pings = 0;
    answering.on('ping', () => pings++);
    const code = await new Promise<number>((resolve) => silent.once('close', resolve));
    expect(code).toBe(1006); // terminated: no closing handshake for a peer that stopped answering
    expect(answering.readyState).toBe(WebSocket.OPEN);
    expect(pings).toBeGreaterThanOrEqual(1);
    answering.close();
  });
});
