import { WebSocket } from 'ws';

export interface RawMessage {
  readonly type: string;
  readonly id?: string;
  readonly payload?: any;
}

/**
 * A graphql-transport-ws socket without a client library, so a test sees the
 * exact bytes the server sent. Resolves once acknowledged.
 */
export async function rawGraphqlWs(url: string) {
  const socket = new WebSocket(url.replace(/^http/, 'ws'), 'graphql-transport-ws');
  const texts: string[] = [];
  const waiters: (() => void)[] = [];
  socket.on('message', (data) => {
    texts.push(String(data));
    for (const wake of waiters.splice(0)) wake();
  });
  const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  /** Resolves with the raw texts once `count` messages of this type have arrived. */
  const texts$ = (type: string, count: number) =>
    new Promise<string[]>((resolve) => {
      const look = () => {
        const found = texts.filter((text) => (JSON.parse(text) as RawMessage).type === type);
        if (found.length >= count) resolve(found.slice(0, count));
        else waiters.push(look);
      };
      look();
    });
  socket.send(JSON.stringify({ type: 'connection_init' }));
  await texts$('connection_ack', 1);
  return {
    socket,
    texts,
    closed,
    /** The raw text of the first `count` messages of this type. */
    received: texts$,
    subscribe(id: string, query: string, variables?: Record<string, unknown>) {
      socket.send(JSON.stringify({ id, type: 'subscribe', payload: { query, variables } }));
    },
    close() {
      socket.terminate();
    },
  };
}
