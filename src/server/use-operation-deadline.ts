import { useOnResolve } from '@envelop/on-resolve';
import { type ExecutionArgs, type ExecutionResult, GraphQLError, getOperationAST } from 'graphql';
import type { Plugin } from 'graphql-yoga';

/**
 * Ends a query still running after `timeoutMs` with `OPERATION_TIMEOUT`
 * (0 turns it off). The answer goes out at the deadline, and from then on
 * every resolver of that operation throws before it runs, so the work stops
 * at the next field rather than holding the process until it completes.
 * Mutations are left to finish: their answer must say what was stored, and
 * each is one transaction that either commits or stores nothing.
 * Subscriptions are long-lived by design.
 */
export function useOperationDeadline(timeoutMs: number): Plugin[] {
  if (timeoutMs === 0) return [];
  const expired = new WeakSet<object>();
  const stopResolving = useOnResolve(({ context }) => {
    if (typeof context === 'object' && context !== null && expired.has(context))
      throw timeoutError(timeoutMs);
  }) as Plugin;
  const deadline: Plugin = {
    onExecute({ args, executeFn, setExecuteFn }) {
      if (getOperationAST(args.document, args.operationName)?.operation !== 'query') return;
      setExecuteFn((execution: ExecutionArgs) => {
        let timer: NodeJS.Timeout | undefined;
        const timedOut = new Promise<ExecutionResult>((resolve) => {
          timer = setTimeout(() => {
            if (typeof execution.contextValue === 'object' && execution.contextValue !== null)
              expired.add(execution.contextValue);
            resolve({ data: null, errors: [timeoutError(timeoutMs)] });
          }, timeoutMs);
        });
        const running = Promise.resolve(executeFn(execution) as ExecutionResult);
        return Promise.race([running, timedOut]).finally(() => clearTimeout(timer));
      });
    },
  };
  return [stopResolving, deadline];
}

const timeoutError = (timeoutMs: number) =>
  new GraphQLError(
    `The query ran longer than ${timeoutMs} ms and was stopped. Ask for less (smaller pages, fewer nested lists).`,
    { extensions: { code: 'OPERATION_TIMEOUT' } },
  );
