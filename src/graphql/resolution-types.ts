import type { ObjectRef } from '@pothos/core';
import type { Delta } from '../delta/delta.js';
import type { ConsideredDelta, Resolution } from '../views/resolution.js';
import type { Builder, Types } from './builder.js';

type DeltaRef = ObjectRef<Types, Delta>;

const resolutionRefs = new WeakMap<Builder, ObjectRef<Types, Resolution>>();

const REASONS = {
  NEGATED: 'A visible delta negates it (or it is on a negation cycle).',
  AFTER_AS_OF: 'Its timeCreated is after asOf.',
  UNTRUSTED: 'It does not pass the trust filter.',
  INCOMPLETE_TRANSACTION: 'Its transaction is not complete.',
  NOT_OF_TYPE: 'It gives no value, or one the resolver does not take for the declared type.',
  OUTRANKED: 'It counts, but the winners beat it under the resolver.',
} as const;

/** `Resolution`, `ConsideredDelta` and `ResolutionReason` (docs/design.md §9), declared once per schema. */
export function resolutionRef(builder: Builder, DeltaRef: DeltaRef): ObjectRef<Types, Resolution> {
  const known = resolutionRefs.get(builder);
  if (known) return known;
  const Reason = builder.enumType('ResolutionReason', {
    values: Object.fromEntries(
      Object.entries(REASONS).map(([name, description]) => [name, { description }]),
    ) as { [K in keyof typeof REASONS]: { description: string } },
  });
  const Considered = builder.objectRef<ConsideredDelta>('ConsideredDelta').implement({
    description: 'One delta that speaks about the property, and what became of it.',
    fields: (t) => ({
      delta: t.field({ type: DeltaRef, resolve: (c) => c.delta }),
      value: t.field({
        type: 'JSON',
        nullable: true,
        description: 'The value it gives the property (a reference as { id }); null when it gives none.',
        resolve: (c) => c.value ?? null,
      }),
      won: t.exposeBoolean('won'),
      reason: t.field({
        type: Reason,
        nullable: true,
        description: 'Why it is not a winner; null for a winner.',
        resolve: (c) => c.reason,
      }),
    }),
  });
  const ref = builder.objectRef<Resolution>('Resolution').implement({
    description: 'Why a property has its value: the resolver, the winners and every delta considered.',
    fields: (t) => ({
      property: t.exposeString('property'),
      resolver: t.string({ description: 'The built-in resolver, or "custom".', resolve: (r) => r.resolver }),
      value: t.field({ type: 'JSON', nullable: true, resolve: (r) => r.value ?? null }),
      winners: t.field({ type: [DeltaRef], resolve: (r) => [...r.winners] }),
      considered: t.field({ type: [Considered], resolve: (r) => [...r.considered] }),
    }),
  });
  resolutionRefs.set(builder, ref);
  return ref;
}
