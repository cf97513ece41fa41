import type { InputObjectRef } from '@pothos/core';
import type { Perspective } from '../engine/perspective.js';
import { RhizomeError } from '../errors.js';
import { decodeCursor } from '../store/feed-cursor.js';
import { narrows, type TrustFilter } from '../views/trust-filter.js';
import type { Builder, Types } from './builder.js';

type TrustFilterInput = { [K in keyof TrustFilter]?: string[] | null };

const trustRefs = new WeakMap<Builder, InputObjectRef<Types, TrustFilterInput>>();

/** The one `TrustFilter` input of a schema (docs/design.md §9). */
export function trustFilterRef(builder: Builder): InputObjectRef<Types, TrustFilterInput> {
  const known = trustRefs.get(builder);
  if (known) return known;
  const ref = builder.inputType('TrustFilter', {
    description:
      'Only deltas that pass every given list count, negations included. An empty `creators` or `hosts` trusts nobody.',
    fields: (t) => ({
      creators: t.stringList({ description: 'Only deltas by these creators.' }),
      hosts: t.stringList({ description: 'Only deltas these nodes first accepted.' }),
      excludeCreators: t.stringList({ description: 'No deltas by these creators.' }),
      excludeHosts: t.stringList({ description: 'No deltas these nodes first accepted.' }),
    }),
  });
  trustRefs.set(builder, ref);
  return ref;
}

/**
 * Drops the lists a client left out (null), so the filter narrows by what was
 * given; a filter that narrows nothing (`{}`) is no filter, and keeps the fast paths.
 */
export const trustFilterOf = (input: TrustFilterInput | null | undefined): TrustFilter | undefined => {
  if (input == null) return undefined;
  const filter: Record<string, readonly string[]> = {};
  for (const key of ['creators', 'hosts', 'excludeCreators', 'excludeHosts'] as const) {
    const given = input[key];
    if (given != null) filter[key] = given;
  }
  return narrows(filter) ? filter : undefined;
};

const decodeAtCursor = (encoded: string) => {
  try {
    return decodeCursor(encoded);
  } catch (error) {
    throw new RhizomeError(
      'BAD_USER_INPUT',
      'atCursor is not a cursor Rhizome issued; pass a mutation’s extensions.cursor or a delta edge’s cursor as is.',
      { cause: error, details: { argument: 'atCursor' } },
    );
  }
};

export interface PerspectiveArgs {
  readonly asOf?: number | null;
  readonly atCursor?: string | null;
  readonly trust?: TrustFilterInput | null;
}

/** The read's perspective from its arguments; undefined for the live view. */
export const perspectiveOf = (args: PerspectiveArgs): Perspective | undefined => {
  const trust = trustFilterOf(args.trust);
  if (args.asOf == null && args.atCursor == null && trust === undefined) return undefined;
  return {
    ...(args.asOf != null && { asOf: args.asOf }),
    ...(args.atCursor != null && { atCursor: decodeAtCursor(args.atCursor) }),
    ...(trust !== undefined && { trust }),
  };
};

/**
 * A node's own perspective, with a field's `trust` argument (when given) in
 * place of its filter: `trust: {}` on a field reads that field trusting everyone.
 */
export const withTrust = (
  perspective: Perspective | undefined,
  trust: TrustFilterInput | null | undefined,
): Perspective | undefined => {
  if (trust == null) return perspective;
  const filter = trustFilterOf(trust);
  const { trust: _replaced, ...rest } = perspective ?? {};
  const next: Perspective = filter === undefined ? rest : { ...rest, trust: filter };
  return Object.keys(next).length === 0 ? undefined : next;
};
