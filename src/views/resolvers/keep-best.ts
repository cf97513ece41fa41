import type { Target } from '../../delta/delta.js';
import type { Accepts } from '../accepts.js';
import { output, type Resolver } from './resolver.js';

/** Whether a new contribution displaces the best one so far. */
export type Prefer = (
  value: Target,
  t: number,
  id: string,
  best: Target,
  bestTime: number,
  bestId: string,
) => boolean;

/**
 * The fold behind every resolver that keeps one winning contribution
 * (write-wins, min, max): O(1) per value, the winner decided by `prefer`.
 */
export const createKeepBest = (accepts: Accepts, prefer: Prefer): Resolver => {
  let has = false;
  let best: Target = null;
  let bestTime = 0;
  let bestId = '';
  return {
    add(value, t, id) {
      if (!accepts(value)) return;
      if (has && !prefer(value, t, id, best, bestTime, bestId)) return;
      has = true;
      best = value;
      bestTime = t;
      bestId = id;
    },
    result: () => (has ? output(best) : null),
  };
};
