import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';

/** The close code for a reader too slow for what it subscribed to (docs/design.md §6). */
export const SLOW_READER_CLOSE = 4429;

/**
 * Writes to WebSockets without waiting for the bytes to be flushed: text through `ws`, or a frame
 * already made (`ws`'s `Sender.frame`), straight onto the TCP socket. Both are whole frames written
 * synchronously, so they keep their order with each other and with `ws`'s own pings and closes.
 */
export type SocketWrites = (socket: WebSocket, raw: Duplex, data: string | readonly Buffer[]) => void;

/**
 * Batches WebSocket writes per event-loop turn, and bounds what a slow reader may hold.
 *
 * A socket's first write in a turn corks its TCP socket; one `setImmediate` uncorks every socket
 * written to, so all a socket got in the turn (a cohort's results for a whole feed batch, say)
 * leaves in one system call instead of one each: with a thousand subscribers, those calls were most
 * of the server's time. `ws` corks around each frame itself; corks nest, so its frames wait too.
 *
 * Whatever the kernel does not take at the flush stays in the socket (`bufferedAmount`); past
 * `maxBufferedBytes` (0: no bound) the socket is closed with 4429, and the client resubscribes from
 * its last cursor. Checked at the flush, not per write, so a burst that one turn writes and the
 * kernel absorbs never counts against a reader that keeps up.
 */
export function createSocketWrites(maxBufferedBytes: number): SocketWrites {
  let corked = new Map<WebSocket, Duplex>();
  const flush = () => {
    // Swapped first: an uncork can fail and close a socket synchronously, and a write from there
    // belongs to the next turn's batch rather than to this one, already being emptied.
    const these = corked;
    corked = new Map();
    for (const [socket, raw] of these) {
      raw.uncork();
      if (
        maxBufferedBytes > 0 &&
        socket.readyState === socket.OPEN &&
        socket.bufferedAmount > maxBufferedBytes
      ) {
        socket.close(SLOW_READER_CLOSE, 'Reader too slow: subscribe again from the last cursor.');
      }
    }
  };
  return (socket, raw, data) => {
    if (socket.readyState !== socket.OPEN) return;
    if (!corked.has(socket)) {
      if (corked.size === 0) setImmediate(flush);
      raw.cork();
      corked.set(socket, raw);
    }
    // No callback: a failed write surfaces as the socket's error, which closes it.
    if (typeof data === 'string') socket.send(data);
    else for (const chunk of data) raw.write(chunk);
  };
}
