/** Hears the ids of the loaded entities whose views one step changed. */
export type ChangeListener = (entityIds: ReadonlySet<string>) => void;

/** Where a listener's failure is reported; pino's logger fits. */
export interface ErrorLog {
  error(details: { err: unknown }, message: string): void;
}

/**
 * Who hears about view changes. A listener's failure is the listener's: it is
 * logged and the others still hear, so the step that changed the views (a
 * committed write, a feed batch) always goes on (docs/design.md §5).
 */
export interface ChangeListeners {
  add(listener: ChangeListener): () => void;
  notify(entityIds: ReadonlySet<string>): void;
}

export function createChangeListeners(log: ErrorLog): ChangeListeners {
  const listeners = new Set<ChangeListener>();
  return {
    add(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    notify(entityIds) {
      if (entityIds.size === 0) return;
      for (const listener of [...listeners]) {
        try {
          listener(entityIds);
        } catch (error) {
          log.error({ err: error }, 'a view change listener failed; the others still hear');
        }
      }
    },
  };
}
