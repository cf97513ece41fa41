import {
  type DocumentNode,
  type GraphQLSchema,
  getOperationAST,
  Kind,
  type OperationDefinitionNode,
} from 'graphql';
import type { Identity } from '../auth/principal.js';

export interface CohortKeyInput {
  readonly schema: GraphQLSchema;
  readonly document: DocumentNode;
  readonly query: string;
  readonly operationName: string | null | undefined;
  readonly variables: Record<string, unknown> | null | undefined;
  readonly identity: Identity;
  /** Whether read rules apply (auth on); off, every caller reads the same. */
  readonly rulesApply: boolean;
}

export type SharedOperation = { key: string; live: boolean } | null;

const schemaIds = new WeakMap<GraphQLSchema, number>();
let nextSchemaId = 0;
const schemaId = (schema: GraphQLSchema) => {
  let id = schemaIds.get(schema);
  if (id === undefined) {
    id = nextSchemaId++;
    schemaIds.set(schema, id);
  }
  return id;
};

/**
 * Read rules depend only on whether there is a principal and on its roles
 * (src/auth/rules.ts), so callers with the same roles read the same results.
 */
const readRights = (identity: Identity, rulesApply: boolean) => {
  if (!rulesApply) return '*';
  const { principal } = identity;
  return principal === null ? 'anonymous' : `roles:${JSON.stringify([...principal.roles].sort())}`;
};

const isLive = (operation: OperationDefinitionNode) =>
  operation.directives?.some((directive) => directive.name.value === 'live') ?? false;

/**
 * Whether a subscription starts from a point given by its caller (`after`):
 * then its first results are a replay meant for that caller alone, and a
 * member joining a running execution would miss them.
 */
const replays = (operation: OperationDefinitionNode, variables: Record<string, unknown>) =>
  operation.selectionSet.selections.some(
    (selection) =>
      selection.kind !== Kind.FIELD ||
      (selection.arguments ?? []).some((argument) => {
        if (argument.name.value !== 'after') return false;
        if (argument.value.kind === Kind.NULL) return false;
        if (argument.value.kind === Kind.VARIABLE) return variables[argument.value.name.value] != null;
        return true;
      }),
  );

/**
 * The cohort an operation joins (docs/design.md §4): subscriptions and `@live`
 * queries with the same schema, text, operation, variables and read rights
 * share one execution. Null for operations that run on their own: plain
 * queries and mutations, and subscriptions that replay from a cursor.
 */
export function sharedOperation(input: CohortKeyInput): SharedOperation {
  const operation = getOperationAST(input.document, input.operationName);
  if (!operation) return null;
  const variables = input.variables ?? {};
  const live = operation.operation === 'query' && isLive(operation);
  if (!live && (operation.operation !== 'subscription' || replays(operation, variables))) return null;
  const key = JSON.stringify([
    schemaId(input.schema),
    readRights(input.identity, input.rulesApply),
    input.operationName ?? null,
    variables,
    input.query,
  ]);
  return { key, live };
}
