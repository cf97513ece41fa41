import { createEventQueue, type EventQueue } from '../engine/event-queue.js';

export interface SubscriptionCohortsOptions<T> {
  /** Most results one member may fall behind before it alone is ended with `overflow()`. */
  readonly queueLimit: number;
  readonly overflow: () => Error;
  /**
   * Whether two of a live query's results are the same: a result the same as
   * the one before (re-executed after a change that did not alter it) is not
   * sent again.
   */
  readonly same?: (a: T, b: T) => boolean;
  /** Called each time a member has joined a running execution and hears what follows. */
  readonly onJoin?: () => void;
}

export interface JoinOptions<T> {
  /**
   * A live query: its first result is the current state, so a member that joins
   * later starts from the cohort's latest result. A subscription's members hear
   * only what happens after they join, as a subscription of their own would.
   * @default false
   */
  readonly replayLatest?: boolean;
  /**
   * Where this member's results go, when it writes them itself (a WebSocket
   * writes each straight to its socket, which bounds a slow reader by its
   * buffer). Its stream then carries only the end: completion or an error.
   * Without it, results wait in the member's bounded queue.
   */
  readonly deliver?: (value: T) => void;
}

/** What the gauges read: operations running once for many members. */
export interface CohortCounts {
  readonly cohorts: number;
  readonly subscriptions: number;
}

/**
 * Subscribers of the same operation (docs/design.md §4: same document, variables
 * and read rights) share one execution: each result is produced once and the
 * same object goes to every member, so it is also serialised once. Each member
 * either writes results itself (`deliver`) or reads through its own bounded
 * queue, so a slow member is cut off (4429) or ended with `RATE_LIMITED`
 * without holding the others back; per-member order is the source's order.
 */
export interface SubscriptionCohorts<T> {
  /**
   * Joins the cohort of `key`, starting its execution with `start` when it has
   * none. A result that is not a stream (an error) is answered as it is and
   * starts no cohort.
   */
  join(
    key: string,
    start: () => Promise<AsyncIterable<T> | T> | AsyncIterable<T> | T,
    options?: JoinOptions<T>,
  ): Promise<AsyncIterableIterator<T> | T>;
  counts(): CohortCounts;
}

interface Member<T> {
  readonly queue: EventQueue<T>;
  readonly deliver: (value: T) => void;
}

interface Cohort<T> {
  readonly key: string;
  readonly members: Set<Member<T>>;
  readonly replayLatest: boolean;
  started: Promise<{ stream: AsyncIterator<T> } | { result: T }>;
  latest: { value: T } | undefined;
  pumping: boolean;
  ended: boolean;
}

const isStream = <T>(value: unknown): value is AsyncIterable<T> =>
  typeof value === 'object' && value !== null && Symbol.asyncIterator in value;

export function createSubscriptionCohorts<T>(options: SubscriptionCohortsOptions<T>): SubscriptionCohorts<T> {
  const cohorts = new Map<string, Cohort<T>>();
  let subscriptions = 0;

  const endCohort = (cohort: Cohort<T>) => {
    if (cohort.ended) return;
    cohort.ended = true;
    if (cohorts.get(cohort.key) === cohort) cohorts.delete(cohort.key);
  };

  const open = (key: string, start: () => unknown, replayLatest: boolean): Cohort<T> => {
    const cohort: Cohort<T> = {
      key,
      members: new Set(),
      replayLatest,
      started: Promise.resolve({ result: undefined as T }),
      latest: undefined,
      pumping: false,
      ended: false,
    };
    cohorts.set(key, cohort);
    cohort.started = Promise.resolve()
      .then(start)
      .then(
        (result) => {
          if (!isStream<T>(result)) {
            endCohort(cohort);
            return { result: result as T };
          }
          return { stream: result[Symbol.asyncIterator]() };
        },
        (error: unknown) => {
          endCohort(cohort);
          throw error;
        },
      );
    return cohort;
  };

  /** The cohort's one reader of its source: hands each result to every member's queue. */
  const pump = async (cohort: Cohort<T>, stream: AsyncIterator<T>) => {
    try {
      for (;;) {
        const next = await stream.next();
        if (next.done || cohort.ended) break;
        if (cohort.replayLatest) {
          if (cohort.latest && options.same?.(cohort.latest.value, next.value)) continue;
          cohort.latest = { value: next.value };
        }
        for (const member of cohort.members) member.deliver(next.value);
      }
      endCohort(cohort);
      for (const member of [...cohort.members]) member.queue.close();
    } catch (error) {
      endCohort(cohort);
      const failure = error instanceof Error ? error : new Error(String(error));
      for (const member of [...cohort.members]) member.queue.fail(failure);
    }
  };

  const leave = (cohort: Cohort<T>, member: Member<T>, stream: AsyncIterator<T>) => {
    if (!cohort.members.delete(member)) return;
    subscriptions--;
    if (cohort.members.size > 0) return;
    const wasEnded = cohort.ended;
    endCohort(cohort);
    if (!wasEnded) void Promise.resolve(stream.return?.()).catch(() => undefined);
  };

  const join: SubscriptionCohorts<T>['join'] = async (key, start, joinOptions = {}) => {
    const replayLatest = joinOptions.replayLatest ?? false;
    const cohort = cohorts.get(key) ?? open(key, start, replayLatest);
    const started = await cohort.started;
    if ('result' in started) return started.result;
    // It ended while this member waited (its last member left, or its source finished): start afresh.
    if (cohort.ended) return join(key, start, joinOptions);
    const { stream } = started;
    const queue: EventQueue<T> = createEventQueue<T>({
      limit: options.queueLimit,
      overflow: options.overflow,
      onEnd: () => leave(cohort, member, stream),
    });
    const member: Member<T> = { queue, deliver: joinOptions.deliver ?? queue.push };
    cohort.members.add(member);
    subscriptions++;
    if (cohort.latest) member.deliver(cohort.latest.value);
    options.onJoin?.();
    if (!cohort.pumping) {
      cohort.pumping = true;
      void pump(cohort, stream);
    }
    return queue.events;
  };

  return {
    join,
    counts: () => ({ cohorts: cohorts.size, subscriptions }),
  };
}
