import type { DeltaStore } from '../store/delta-store.js';
import type { FeedCursor } from '../store/feed-cursor.js';

/** Where a cursor stands once the wait ends. */
export type CursorStanding = 'settled' | 'open' | 'unissued';

/**
 * Waits until every transaction up to `cursor`'s has ended, so reads in feed
 * order can no longer gain a delta at or before it (docs/design.md §5.3);
 * answers `unissued` at once for a txid no transaction has had, and `open`
 * once `ms` pass first. Polls, from 2 ms doubling up to 100 ms, like the
 * feed's held-back re-reads: no NOTIFY marks the end of another transaction.
 */
export async function waitUntilSettled(
  cursorState: NonNullable<DeltaStore['cursorState']>,
  cursor: FeedCursor,
  ms: number,
): Promise<CursorStanding> {
  const deadline = Date.now() + ms;
  for (let pause = 2; ; pause = Math.min(pause * 2, 100)) {
    const state = await cursorState(cursor);
    if (state.settled) return 'settled';
    if (!state.issued) return 'unissued';
    if (Date.now() + pause > deadline) return 'open';
    await new Promise((done) => setTimeout(done, pause));
  }
}
