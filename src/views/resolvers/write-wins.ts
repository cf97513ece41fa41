import type { Target } from '../../delta/delta.js';
import type { Accepts } from '../accepts.js';
import { compareTimeId } from '../order.js';
import { output, type Resolver } from './resolver.js';

/**
 * `lastWriteWins` (`latest` true): the value of the delta with the greatest
 * (timeCreated, id); `firstWriteWins`: the smallest. Ids break equal times so
 * every node picks the same delta.
 */
export const createWriteWins = (accepts: Accepts, latest: boolean): Resolver => {
  let has = false;
  let best: Target = null;
  let bestTime = 0;
  let bestId = '';
  return {
    add(value, t, id) {
      if (!accepts(value)) return;
      if (has) {
        const order = compareTimeId(t, id, bestTime, bestId);
        if (latest ? order <= 0 : order >= 0) return;
      }
      has = true;
      best = value;
      bestTime = t;
      bestId = id;
    },
    result: () => (has ? output(best) : null),
  };
};
