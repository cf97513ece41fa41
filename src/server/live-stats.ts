/** What metrics read about the live side of one instance (sockets, subscriptions, cohorts). */
export interface LiveStats {
  /** Open graphql-ws sockets. */
  readonly sockets: number;
  /** Operations running once for one or more members (subscriptions and `@live` queries). */
  readonly cohorts: number;
  /** Members of those cohorts: one per subscription or live query a client runs. */
  readonly subscriptions: number;
}

export const NO_LIVE_STATS: LiveStats = { sockets: 0, cohorts: 0, subscriptions: 0 };
