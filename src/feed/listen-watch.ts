/**
 * Notices a LISTEN that has silently stopped working.
 *
 * postgres.js re-issues LISTEN after its connection drops, but if that
 * attempt itself fails the channel is dropped without a word, and a server
 * behind a proxy can lose the session unseen. The safety poll keeps the feed
 * complete either way; this watch keeps it fast: when deltas keep arriving
 * through polls while not a single wake-up came for two whole poll intervals
 * in a row, the LISTEN is presumed dead and the feed listens again.
 * One interval is not enough: a poll can read a commit whose NOTIFY is still
 * on its way.
 */
export interface ListenWatch {
  /** A NOTIFY (or a re-LISTEN) woke the feed. */
  woke(): void;
  /** The feed delivered `count` entries. */
  delivered(count: number): void;
  /** Called once per poll interval; true when the LISTEN should be replaced. */
  tick(): boolean;
}

/** Intervals in a row with deliveries but no wake-up before the LISTEN is replaced. */
const SUSPICIOUS_INTERVALS = 2;

export function createListenWatch(): ListenWatch {
  let wakes = 0;
  let deliveries = 0;
  let streak = 0;
  return {
    woke() {
      wakes += 1;
    },
    delivered(count) {
      deliveries += count;
    },
    tick() {
      if (wakes > 0) streak = 0;
      else if (deliveries > 0) streak += 1;
      wakes = 0;
      deliveries = 0;
      if (streak < SUSPICIOUS_INTERVALS) return false;
      streak = 0;
      return true;
    },
  };
}
