import { WebSocket } from 'ws';

/** The close code for a reader too slow for what it subscribed to (docs/design.md §6). */
export const SLOW_READER_CLOSE = 4429;

type SendCallback = (error?: Error) => void;

/**
 * A `ws` socket that holds at most `maxBufferedBytes` for its reader.
 * graphql-ws waits for each message to be flushed before it sends the next,
 * so a reader that stops reading would leave every subscription's backlog
 * growing in the server instead. Here a send is acknowledged as soon as it is
 * queued, the bytes wait in the socket (`bufferedAmount`), and past the bound
 * the socket is closed with 4429: the client resubscribes from its last cursor.
 */
export function boundedWebSocketClass(maxBufferedBytes: number): typeof WebSocket {
  return class BoundedWebSocket extends WebSocket {
    override send(data: unknown, optionsOrCallback?: object | SendCallback, callback?: SendCallback): void {
      const done = typeof optionsOrCallback === 'function' ? optionsOrCallback : callback;
      const options = typeof optionsOrCallback === 'object' ? optionsOrCallback : {};
      if (this.readyState !== WebSocket.OPEN) {
        done?.();
        return;
      }
      super.send(data as Buffer, options, (error) => {
        if (error) this.terminate();
      });
      if (this.bufferedAmount > maxBufferedBytes) {
        this.close(SLOW_READER_CLOSE, 'Reader too slow: subscribe again from the last cursor.');
      }
      done?.();
    }
  } as typeof WebSocket;
}
