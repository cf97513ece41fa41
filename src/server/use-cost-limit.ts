import {
  type ExecutionArgs,
  GraphQLError,
  type GraphQLSchema,
  getOperationAST,
  type OperationDefinitionNode,
} from 'graphql';
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
  // Without variables an operation costs the same every time: yoga hands out one cached document
  // per query text, so the walk is done once per document and schema (a schema reload is a new key).
  const fixedCosts = new WeakMap<GraphQLSchema, WeakMap<OperationDefinitionNode, number>>();
  const costOf = (args: ExecutionArgs, operation: OperationDefinitionNode): number => {
    const compute = () => operationCost(args.schema, args.document, operation, args.variableValues, options);
    if (operation.variableDefinitions?.length) return compute();
    let costs = fixedCosts.get(args.schema);
    if (!costs) {
      costs = new WeakMap();
      fixedCosts.set(args.schema, costs);
    }
    const known = costs.get(operation);
    if (known !== undefined) return known;
    const cost = compute();
    costs.set(operation, cost);
    return cost;
  };
  const refusal = (args: ExecutionArgs): GraphQLError | undefined => {
    if (options.maxCost === 0) return undefined;
    const operation = getOperationAST(args.document, args.operationName);
    if (!operation) return undefined; // execute reports the missing operation itself
    const cost = costOf(args, operation);
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
