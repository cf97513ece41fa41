import { buildSchema, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import type { Identity } from '../../src/auth/principal.js';
import { sharedOperation } from '../../src/server/cohort-key.js';

const schema = buildSchema(`
  directive @live on QUERY
  type Query { a: Int }
  type Subscription { deltaAdded(after: String): Int, personChanged(id: ID): Int }
`);
const anonymous: Identity = { principal: null, creator: 'anonymous' };
const withRoles = (sub: string, roles: string[]): Identity => ({
  principal: { sub, roles, expiresAt: undefined },
  creator: sub,
});

const key = (
  query: string,
  options: { variables?: Record<string, unknown>; identity?: Identity; rulesApply?: boolean } = {},
) =>
  sharedOperation({
    schema,
    document: parse(query),
    query,
    operationName: undefined,
    variables: options.variables,
    identity: options.identity ?? anonymous,
    rulesApply: options.rulesApply ?? true,
  });

describe('which operations share a cohort', () => {
  it('subscriptions and @live queries do; plain queries and replays from a cursor do not', () => {
    expect(key('subscription { personChanged { __typename } }')?.live).toBe(false);
    expect(key('query @live { a }')?.live).toBe(true);
    expect(key('{ a }')).toBeNull();
    expect(key('subscription { deltaAdded(after: "x") }')).toBeNull();
    expect(key('subscription ($c: String) { deltaAdded(after: $c) }', { variables: { c: 'x' } })).toBeNull();
    expect(key('subscription ($c: String) { deltaAdded(after: $c) }')).not.toBeNull();
    expect(key('subscription { deltaAdded(after: null) }')).not.toBeNull();
  });

  it('keys on variables and read rights, not on who the caller is', () => {
    const q = 'subscription ($id: ID) { personChanged(id: $id) }';
    expect(key(q, { variables: { id: '1' } })?.key).not.toBe(key(q, { variables: { id: '2' } })?.key);
    const reader = (sub: string, roles: string[]) => key(q, { identity: withRoles(sub, roles) })?.key;
    expect(reader('ada', ['a', 'b'])).toBe(reader('bob', ['b', 'a']));
    expect(reader('ada', ['a'])).not.toBe(reader('ada', ['a', 'admin']));
    expect(reader('ada', [])).not.toBe(key(q)?.key);
    // With auth off every caller reads the same.
    expect(key(q, { identity: withRoles('ada', ['x']), rulesApply: false })?.key).toBe(
      key(q, { rulesApply: false })?.key,
    );
  });
});
