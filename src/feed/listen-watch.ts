/**
 * Notices a LISTEN that has silently stopped working.
 *
 * postgres.js re-issues LISTEN after its connection drops, but if that
 * attempt itself fails the channel is dropped without a word, and a server
 * behind a proxy can lose the session unseen. The safety poll keeps the feed
 * complete either way; this watch keeps it fast: when two polls in a row
 * deliver deltas and not a single wake-up came in between, the LISTEN is
 * presumed dead and the feed listens again. One poll is not enough: it can
 * read a commit whose NOTIFY is still on its way.
 */
export interface ListenWatch {
  /** A NOTIFY (or a new LISTEN) woke the feed. */
  woke(): void;
  /** A poll, not a wake-up, started a read that delivered `count` entries; true when the LISTEN should be replaced. */
  polled(count: number): boolean;
}

/** Polls in a row that deliver without a wake-up before the LISTEN is replaced. */
const SUSPICIOUS_POLLS = 2;

export function createListenWatch(): ListenWatch {
  let streak = 0;
  return {
    woke() {
      streak = 0;
    },
    polled(count) {
      if (count === 0) return false;
      streak += 1;
      if (streak < SUSPICIOUS_POLLS) return false;
      streak = 0;
      return true;
    },
  };
}
