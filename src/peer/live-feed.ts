import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { bearer } from './peer-address.js';
import { LIVE_SUBSCRIPTION, type WireEdge } from './peer-wire.js';

export interface LiveFeedOptions {
  readonly wsUrl: string;
  readonly token: string | undefined;
  readonly after: string;
  /** Called once the peer acknowledged the connection. */
  readonly onConnected: () => void;
}

/** The peer's `deltaAdded(after)` as batches: whatever arrived since the last call. */
export interface LiveFeed {
  /** Resolves with every edge received so far (at least one); rejects when the subscription ends. */
  next(): Promise<WireEdge[]>;
  close(): void;
}

/**
 * One graphql-ws subscription, buffered. Messages arrive one per delta;
 * draining the buffer per call lets the follower store them in one append
 * each, however fast they come. The client never reconnects by itself: the
 * follower does, from its stored cursor, after a backoff.
 */
export function openLiveFeed({ wsUrl, token, after, onConnected }: LiveFeedOptions): LiveFeed {
  const headers = bearer(token);
  class PeerSocket extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols, { headers });
    }
  }
  const client = createClient({
    url: wsUrl,
    webSocketImpl: PeerSocket,
    connectionParams: headers,
    lazy: true,
    retryAttempts: 0,
    on: { connected: onConnected },
  });
  let buffer: WireEdge[] = [];
  let ended: Error | undefined;
  let wake: (() => void) | undefined;
  const settle = () => {
    wake?.();
    wake = undefined;
  };
  const unsubscribe = client.subscribe<{ deltaAdded: WireEdge }>(
    { query: LIVE_SUBSCRIPTION, variables: { after } },
    {
      next: (result) => {
        if (result.data?.deltaAdded) buffer.push(result.data.deltaAdded);
        else ended ??= new Error(`the peer sent an error: ${result.errors?.[0]?.message ?? 'no data'}`);
        settle();
      },
      error: (error) => {
        ended ??= asError(error);
        settle();
      },
      complete: () => {
        ended ??= new Error('the peer ended the subscription');
        settle();
      },
    },
  );
  return {
    async next() {
      while (buffer.length === 0 && ended === undefined)
        await new Promise<void>((resolve) => (wake = resolve));
      if (buffer.length === 0) throw ended;
      const batch = buffer;
      buffer = [];
      return batch;
    },
    close() {
      ended ??= new Error('closed');
      unsubscribe();
      void client.dispose();
      settle();
    },
  };
}

/** graphql-ws reports a lost socket as its CloseEvent, errors from the peer as a list. */
const asError = (error: unknown): Error => {
  if (error instanceof Error) return error;
  if (Array.isArray(error)) return new Error(`the peer sent an error: ${error[0]?.message ?? 'unknown'}`);
  const event = error as { code?: number; reason?: string; message?: string };
  if (event.code !== undefined)
    return new Error(`the connection closed (${event.code} ${event.reason ?? ''})`.trim());
  return new Error(event.message ?? 'the connection failed');
};
