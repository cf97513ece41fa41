import type { Accepts } from '../accepts.js';
import { compareTimeId } from '../order.js';
import { createKeepBest } from './keep-best.js';
import type { Resolver } from './resolver.js';

/**
 * `lastWriteWins` (`latest` true): the value of the delta with the greatest
 * (timeCreated, id); `firstWriteWins`: the smallest. Ids break equal times so
 * every node picks the same delta.
 */
export const createWriteWins = (accepts: Accepts, latest: boolean): Resolver =>
  createKeepBest(accepts, (_value, t, id, _best, bestTime, bestId) => {
    const order = compareTimeId(t, id, bestTime, bestId);
    return latest ? order > 0 : order < 0;
  });
