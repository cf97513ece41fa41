import { type ExecutionResult, GraphQLError } from 'graphql';
import { Repeater } from 'graphql-yoga';

/** setTimeout's longest delay; later deadlines are reached in steps. */
const MAX_TIMER_MS = 2_147_483_647;

const expired = (): ExecutionResult => ({
  errors: [
    new GraphQLError('The token has expired, so this subscription has ended; reconnect with a fresh token.', {
      extensions: { code: 'UNAUTHENTICATED' },
    }),
  ],
});

/**
 * Ends a subscription when its caller's token expires, with one last result
 * carrying `UNAUTHENTICATED`, so a long-lived socket cannot outlive the token
 * that opened it. Anything that is not a stream passes through.
 */
export async function endAtExpiry<T>(result: T | Promise<T>, expiresAt: number | undefined): Promise<T> {
  const resolved = await result;
  if (expiresAt === undefined || resolved === null || typeof resolved !== 'object') return resolved;
  if (!(Symbol.asyncIterator in resolved)) return resolved;
  const source = (resolved as AsyncIterable<ExecutionResult>)[Symbol.asyncIterator]();
  return new Repeater<ExecutionResult>(async (push, stop) => {
    let timer: NodeJS.Timeout | undefined;
    const arm = () => {
      const left = expiresAt - Date.now();
      if (left > 0) timer = setTimeout(arm, Math.min(left, MAX_TIMER_MS));
      else void push(expired()).then(() => stop());
    };
    arm();
    const stopped = stop.then(() => ({ done: true as const, value: undefined }));
    try {
      for (;;) {
        const next = await Promise.race([source.next(), stopped]);
        if (next.done) break;
        await push(next.value);
      }
    } finally {
      clearTimeout(timer);
      stop();
      await source.return?.();
    }
  }) as T;
}
