import type { EntityState } from './records.js';

/**
 * Which loaded entities one `apply` or `load` changed. An epoch stamp on each
 * entity replaces a Set, so marking costs no allocation and the common
 * "nothing changed" answer allocates only an empty array.
 */
export interface Changes {
  begin(): void;
  /** A visible contribution to `entity` came or went: its views must be rebuilt. */
  touch(entity: EntityState): void;
  /** The ids touched since `begin`, each once. */
  end(): string[];
}

export const createChanges = (): Changes => {
  let epoch = 0;
  let ids: string[] | undefined;
  return {
    begin() {
      epoch++;
      ids = undefined;
    },
    touch(entity) {
      entity.version++;
      if (entity.changedIn === epoch) return;
      entity.changedIn = epoch;
      if (ids) ids.push(entity.id);
      else ids = [entity.id];
    },
    end() {
      const touched = ids ?? [];
      ids = undefined;
      return touched;
    },
  };
};
