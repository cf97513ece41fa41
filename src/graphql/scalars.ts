import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from 'graphql';
import { JSONResolver } from 'graphql-scalars';
import { toDateTimeMillis } from '../delta/date-time.js';
import { MAX_TIME } from '../delta/limits.js';

const badDateTime = (shown: string) =>
  new GraphQLError(
    `DateTime must be an ISO 8601 string or whole epoch milliseconds between -${MAX_TIME} and ${MAX_TIME}; got ${shown}.`,
    { extensions: { code: 'BAD_USER_INPUT' } },
  );

function toMillis(value: unknown): number {
  const millis = toDateTimeMillis(value);
  if (millis === undefined) throw badDateTime(JSON.stringify(value) ?? String(value));
  return millis;
}

function literalMillis(ast: ValueNode): number {
  if (ast.kind === Kind.INT) return toMillis(Number(ast.value));
  if (ast.kind === Kind.STRING) return toMillis(ast.value);
  throw badDateTime(`a ${ast.kind} literal`);
}

/** docs/design.md §4: ISO 8601 out; ISO string or epoch milliseconds in. Internally epoch milliseconds. */
export const DateTimeScalar = new GraphQLScalarType<number, string>({
  name: 'DateTime',
  description:
    'A point in time: an ISO 8601 string on output; an ISO 8601 string or epoch milliseconds on input.',
  serialize: (value) => new Date(toMillis(value)).toISOString(),
  parseValue: toMillis,
  parseLiteral: literalMillis,
});

/** Deepest nesting of arrays and objects a JSON input may have; deeper would overflow the stack downstream. */
export const MAX_JSON_DEPTH = 64;

/** Whether a JSON value nests at most `max` levels, checked without recursion. */
function depthWithin(value: unknown, max: number): boolean {
  const pending: [unknown, number][] = [[value, 0]];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const [item, depth] = next;
    if (typeof item !== 'object' || item === null) continue;
    if (depth >= max) return false;
    for (const child of Object.values(item)) pending.push([child, depth + 1]);
  }
  return true;
}

const boundedJson = (value: unknown): unknown => {
  if (depthWithin(value, MAX_JSON_DEPTH)) return value;
  throw new GraphQLError(`A JSON input nests deeper than ${MAX_JSON_DEPTH} levels; flatten it.`, {
    extensions: { code: 'BAD_USER_INPUT' },
  });
};

/** graphql-scalars' JSON, refusing input nested too deeply to handle safely. */
export const JSONScalar = new GraphQLScalarType({
  ...JSONResolver.toConfig(),
  parseValue: (value) => boundedJson(JSONResolver.parseValue(value)),
  parseLiteral: (ast, variables) => boundedJson(JSONResolver.parseLiteral(ast, variables)),
});
