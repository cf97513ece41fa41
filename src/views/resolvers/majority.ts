import type { Target } from '../../delta/delta.js';
import type { Accepts } from '../accepts.js';
import { compareTimeId } from '../order.js';
import { output, type Resolver } from './resolver.js';
import { createValueSlots } from './value-slots.js';

interface Tally {
  /** From the newest delta: -0 and 0 share a tally, and which one shows must not depend on arrival. */
  value: Target;
  count: number;
  /** The newest delta giving this value. */
  latestTime: number;
  latestId: string;
}

const beats = (a: Tally, b: Tally): boolean =>
  a.count !== b.count
    ? a.count > b.count
    : compareTimeId(a.latestTime, a.latestId, b.latestTime, b.latestId) > 0;

/**
 * `majority`: the most frequent value; a tie goes to the value whose latest
 * delta is newest (by timeCreated, then id). Adding only raises one tally, so
 * comparing that tally with the current leader keeps the leader exact in O(1).
 */
export const createMajority = (accepts: Accepts): Resolver => {
  const tallies = createValueSlots<Tally>();
  let leader: Tally | undefined;
  return {
    add(value, t, id) {
      if (!accepts(value)) return;
      let tally = tallies.get(value);
      if (tally) {
        tally.count++;
        if (compareTimeId(t, id, tally.latestTime, tally.latestId) > 0) {
          tally.value = value;
          tally.latestTime = t;
          tally.latestId = id;
        }
      } else {
        tally = { value, count: 1, latestTime: t, latestId: id };
        tallies.set(value, tally);
      }
      if (!leader || (leader !== tally && beats(tally, leader))) leader = tally;
    },
    result: () => (leader ? output(leader.value) : null),
  };
};
