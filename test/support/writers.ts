import postgres from 'postgres';
import type { Delta } from '../../src/delta/delta.js';
import { FEED_CHANNEL } from '../../src/store/coalesced-notify.js';
import type { DeltaStore } from '../../src/store/delta-store.js';
import { testDelta } from './feed-helpers.js';

/** Writes one batch of deltas in one transaction; retried with the same deltas if it fails. */
export type WriteBatch = (deltas: readonly Delta[], random: () => number) => Promise<void>;

/** A small seeded PRNG (mulberry32), so a failing interleaving can be replayed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Through the store, as an instance writes. */
export const viaStore =
  (store: DeltaStore): WriteBatch =>
  async (deltas) => {
    await store.append(deltas);
  };

export interface DelayedWriter {
  readonly write: WriteBatch;
  close(): Promise<void>;
}

/**
 * Writes like `append` does (same table, same NOTIFY), but holds the
 * transaction open for random pauses before the first insert, between
 * inserts and before COMMIT, so that transactions commit in another order
 * than they took their positions and transaction ids. `store.append` cannot
 * be paused mid-transaction, hence raw SQL.
 */
export function createDelayedWriter(url: string, maxPauseMs = 15): DelayedWriter {
  const sql = postgres(url, { max: 2, onnotice: () => {} });
  return {
    async write(deltas, random) {
      await sql.begin(async (tx) => {
        await tx`SELECT pg_sleep(${(random() * maxPauseMs) / 1000})`;
        let high = 0n;
        for (const delta of deltas) {
          const [row] = await tx<{ position: string }[]>`
            INSERT INTO deltas (id, creator, host, time_created, pointers)
            VALUES (${delta.id}, ${delta.creator}, ${delta.host}, ${delta.timeCreated}, ${tx.json(delta.pointers as never)})
            ON CONFLICT (id) DO NOTHING
            RETURNING position::text AS position`;
          if (row) high = BigInt(row.position) > high ? BigInt(row.position) : high;
          if (random() < 0.3) await tx`SELECT pg_sleep(${(random() * maxPauseMs) / 1000})`;
        }
        await tx`SELECT pg_notify(${FEED_CHANNEL}, ${high.toString()})`;
        await tx`SELECT pg_sleep(${(random() * maxPauseMs) / 1000})`;
      });
    },
    close: () => sql.end({ timeout: 5 }),
  };
}

export interface RunWritersOptions {
  readonly writers: readonly WriteBatch[];
  readonly total: number;
  readonly seed?: number;
  /** Largest transaction, in deltas. @default 8 */
  readonly maxBatch?: number;
  /** Retry a failed batch (the database may be down); an identical re-submit is a no-op. @default false */
  readonly retry?: boolean;
  /** Called with each failed attempt (before a retry). */
  readonly onError?: (error: unknown) => void;
  /** Called after each committed batch with the number of deltas written so far. */
  readonly onProgress?: (written: number) => void;
}

/**
 * Runs the writers concurrently until `total` deltas are written in all
 * (split evenly), each in random-sized transactions. Resolves with the ids
 * in the order their writes resolved.
 */
export async function runWriters(options: RunWritersOptions): Promise<string[]> {
  const { writers, total, seed = 1, maxBatch = 8, retry = false, onProgress, onError } = options;
  const written: string[] = [];
  await Promise.all(
    writers.map(async (write, w) => {
      const random = seededRandom(seed * 101 + w);
      let remaining = Math.floor(total / writers.length) + (w < total % writers.length ? 1 : 0);
      while (remaining > 0) {
        const size = Math.min(remaining, 1 + Math.floor(random() * maxBatch));
        const batch = Array.from({ length: size }, () => testDelta(`writer${w}`));
        for (;;) {
          try {
            await write(batch, random);
            break;
          } catch (error) {
            onError?.(error);
            if (!retry) throw error;
            await new Promise((resolve) => setTimeout(resolve, 50));
          }
        }
        remaining -= size;
        written.push(...batch.map((delta) => delta.id));
        onProgress?.(written.length);
      }
    }),
  );
  return written;
}
