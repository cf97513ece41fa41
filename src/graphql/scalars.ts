import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from 'graphql';
import { JSONResolver } from 'graphql-scalars';

const badDateTime = (shown: string) =>
  new GraphQLError(`DateTime must be an ISO 8601 string or epoch milliseconds; got ${shown}.`, {
    extensions: { code: 'BAD_USER_INPUT' },
  });

/** Accepts an ISO 8601 string or an integer of epoch milliseconds; always yields epoch milliseconds. */
function toMillis(value: unknown): number {
  if (typeof value === 'number') {
    if (Number.isSafeInteger(value)) return value;
    throw badDateTime(String(value));
  }
  if (typeof value === 'string') {
    if (/^-?\d+$/.test(value)) return toMillis(Number(value));
    // Date.parse accepts too much (e.g. "1"); insist on a date-shaped string.
    const millis = /^\d{4}-\d{2}-\d{2}/.test(value) ? Date.parse(value) : Number.NaN;
    if (Number.isFinite(millis)) return millis;
  }
  throw badDateTime(JSON.stringify(value) ?? String(value));
}

function literalMillis(ast: ValueNode): number {
  if (ast.kind === Kind.INT) return toMillis(Number(ast.value));
  if (ast.kind === Kind.STRING) return toMillis(ast.value);
  throw badDateTime(`a ${ast.kind} literal`);
}

/** DESIGN.md §4: ISO 8601 out; ISO string or epoch milliseconds in. Internally epoch milliseconds. */
export const DateTimeScalar = new GraphQLScalarType<number, string>({
  name: 'DateTime',
  description:
    'A point in time: an ISO 8601 string on output; an ISO 8601 string or epoch milliseconds on input.',
  serialize: (value) => new Date(value instanceof Date ? value.getTime() : toMillis(value)).toISOString(),
  parseValue: toMillis,
  parseLiteral: literalMillis,
});

export const JSONScalar = JSONResolver;
