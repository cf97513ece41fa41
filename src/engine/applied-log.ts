import type { Delta } from '../delta/delta.js';

/**
 * The deltas applied to the view cache while entity loads are in flight. A
 * load reads the database while the feed keeps applying deltas, so once it
 * has installed its views it replays what was applied since it began (apply
 * is idempotent per delta id). Entries are kept only while an open load may
 * still need them, so sustained load cannot grow the log without bound.
 */
export interface AppliedLog {
  record(delta: Delta): void;
  /** Marks the start of a load; pass the mark to `since` and `end`. */
  begin(): number;
  since(mark: number): readonly Delta[];
  end(mark: number): void;
  /** Entries held now. */
  readonly size: number;
}

export function createAppliedLog(): AppliedLog {
  let entries: Delta[] = [];
  let base = 0; // absolute index of entries[0]
  const open = new Map<number, number>(); // mark → loads that began there

  return {
    record(delta) {
      if (open.size > 0) entries.push(delta);
    },
    begin() {
      const mark = base + entries.length;
      open.set(mark, (open.get(mark) ?? 0) + 1);
      return mark;
    },
    since: (mark) => entries.slice(mark - base),
    end(mark) {
      const count = (open.get(mark) ?? 1) - 1;
      if (count > 0) open.set(mark, count);
      else open.delete(mark);
      const oldest = open.size > 0 ? Math.min(...open.keys()) : base + entries.length;
      entries = entries.slice(oldest - base);
      base = oldest;
    },
    get size() {
      return entries.length;
    },
  };
}
