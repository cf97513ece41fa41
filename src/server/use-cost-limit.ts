import { type ExecutionArgs, GraphQLError, getOperationAST } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { operationCost } from './operation-cost.js';

export interface CostLimitOptions {
  /** The largest estimated cost accepted; 0 turns the limit off. */
  readonly maxCost: number;
  /** Items assumed for a list field without `first`. */
  readonly listCost: number;
}

/**
 * Refuses an operation whose estimated cost (see `operationCost`) is above the
 * limit, before anything runs. It runs at execution rather than validation
 * because only then are the variables known, and `first: $n` is the usual way
 * to ask for a big page. graphql-armor's cost-limit is not used: it counts
 * `first` only when written as a literal and ignores list fields without one,
 * so the nested `friends` lists that stalled the server cost it almost nothing.
 */
export function useCostLimit(options: CostLimitOptions): Plugin {
  const refusal = (args: ExecutionArgs): GraphQLError | undefined => {
    if (options.maxCost === 0) return undefined;
    const operation = getOperationAST(args.document, args.operationName);
    if (!operation) return undefined; // execute reports the missing operation itself
    const cost = operationCost(args.schema, args.document, operation, args.variableValues, options);
    if (cost <= options.maxCost) return undefined;
    return new GraphQLError(
      `The operation's estimated cost is ${cost}; the limit is ${options.maxCost}. Ask for smaller pages (first) or fewer nested lists.`,
      { extensions: { code: 'BAD_USER_INPUT', cost, maxCost: options.maxCost } },
    );
  };
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const error = refusal(args);
      if (error) setResultAndStopExecution({ errors: [error] });
    },
    onSubscribe({ args, setResultAndStopExecution }) {
      const error = refusal(args);
      if (error) setResultAndStopExecution({ errors: [error] });
    },
  };
}
