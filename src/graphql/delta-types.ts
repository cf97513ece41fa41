import type { Delta, Pointer } from '../delta/delta.js';
import { isEntityRef, targetValue } from '../delta/delta.js';
import type { Builder } from './builder.js';

/** `Delta` and `Pointer` exactly as docs/design.md §4 names them. */
export function defineDeltaTypes(builder: Builder) {
  const PointerRef = builder.objectRef<Pointer>('Pointer').implement({
    description: 'One role of a delta: exactly one of `entity` and `value` is set, unless the value is null.',
    fields: (t) => ({
      localContext: t.exposeString('localContext'),
      targetContext: t.string({ nullable: true, resolve: (p) => p.targetContext ?? null }),
      entity: t.id({ nullable: true, resolve: (p) => (isEntityRef(p.target) ? p.target.id : null) }),
      value: t.field({
        type: 'JSON',
        nullable: true,
        resolve: (p) => (isEntityRef(p.target) ? null : targetValue(p.target)),
      }),
    }),
  });

  const DeltaRef = builder.objectRef<Delta>('Delta');
  DeltaRef.implement({
    description: 'An immutable hyperedge: who said what, about which entities, when.',
    fields: (t) => ({
      id: t.exposeID('id'),
      creator: t.exposeString('creator'),
      host: t.exposeString('host'),
      timeCreated: t.field({ type: 'DateTime', resolve: (d) => d.timeCreated }),
      pointers: t.field({ type: [PointerRef], resolve: (d) => [...d.pointers] }),
      negatedBy: t.field({
        type: [DeltaRef],
        description: 'Deltas that retract this one (they may themselves be negated).',
        resolve: (d, _args, ctx) => ctx.negationsOf.load(d.id),
      }),
    }),
  });

  return { DeltaRef, PointerRef };
}
