import type { Delta, JsonValue } from '../delta/delta.js';
import { canonicalJson } from '../delta/json-value.js';
import type { PropertyModel, ResolvedValue } from '../model/model.js';
import { sortedEntries } from './entity-state.js';
import type { DeltaRecord, EntityState, Entry } from './records.js';
import { resolverAccepts } from './resolver-accepts.js';
import { output } from './resolvers/resolver.js';
import { type TrustFilter, trusts } from './trust-filter.js';

/** Why a contributing delta is not among a property's winners (docs/design.md §9). */
export type ExclusionReason =
  | 'NEGATED'
  | 'AFTER_AS_OF'
  | 'UNTRUSTED'
  | 'INCOMPLETE_TRANSACTION'
  | 'NOT_OF_TYPE'
  | 'OUTRANKED';

export interface ConsideredDelta {
  readonly delta: Delta;
  /** The value it gives the property (references `{ id }`, JSON unwrapped); undefined when it gives none. */
  readonly value: ResolvedValue | undefined;
  readonly won: boolean;
  /** Null for a winner. */
  readonly reason: ExclusionReason | null;
}

/** How one property of one entity resolved, from the view's perspective. */
export interface Resolution {
  readonly property: string;
  readonly resolver: PropertyModel['resolver'];
  readonly value: ResolvedValue;
  /** The deltas the result comes from, in (timeCreated, id) order. */
  readonly winners: readonly Delta[];
  /** Every delta that speaks about the property, in (timeCreated, id) order. */
  readonly considered: readonly ConsideredDelta[];
}

export interface ResolutionInputs {
  readonly entity: EntityState;
  readonly property: PropertyModel;
  /** The property's value as the lossy view resolved it from this perspective. */
  readonly value: ResolvedValue;
  readonly visible: (record: DeltaRecord) => boolean;
  readonly negatorsOf: (id: string) => readonly DeltaRecord[];
  readonly asOf?: number;
  readonly trust?: TrustFilter;
}

const sameValue = (a: ResolvedValue, b: ResolvedValue): boolean =>
  canonicalJson(a as JsonValue) === canonicalJson(b as JsonValue);

/**
 * Which of the values a resolver took produced its result, by the rules of
 * docs/design.md §2: write-wins one end of the order; min and max the newest
 * delta giving the extreme value; majority every delta giving the winning
 * value; union each value's first appearance; the other folds every value.
 */
const winnersOf = (property: PropertyModel, taken: readonly Entry[], value: ResolvedValue): Set<Entry> => {
  const out = (entry: Entry) => output(entry.value as NonNullable<Entry['value']>);
  switch (property.resolver) {
    case 'lastWriteWins':
      return new Set(taken.slice(-1));
    case 'firstWriteWins':
      return new Set(taken.slice(0, 1));
    case 'min':
    case 'max':
      return new Set(taken.filter((entry) => value !== null && sameValue(out(entry), value)).slice(-1));
    case 'majority':
      return new Set(taken.filter((entry) => value !== null && sameValue(out(entry), value)));
    case 'union': {
      const seen = new Set<string>();
      return new Set(
        taken.filter((entry) => {
          const key = canonicalJson(out(entry) as JsonValue);
          if (seen.has(key)) return false;
          seen.add(key);
          return true;
        }),
      );
    }
    default:
      return new Set(taken);
  }
};

/**
 * Explains one property: each contributing delta is excluded (untrusted,
 * after `asOf`, negated, in an incomplete transaction, or not a value the
 * resolver takes), a winner, or outranked by the winners.
 */
export const explainResolution = (inputs: ResolutionInputs): Resolution => {
  const { entity, property, visible, negatorsOf, asOf, trust } = inputs;
  const state = entity.properties.get(property.name);
  const entries = state ? sortedEntries(state) : [];
  const accepts = resolverAccepts(property);
  const excluded = new Map<Entry, ExclusionReason>();
  const taken: Entry[] = [];
  for (const entry of entries) {
    const { record } = entry;
    let reason: ExclusionReason | undefined;
    if (trust !== undefined && !trusts(trust, record.delta)) reason = 'UNTRUSTED';
    else if (asOf !== undefined && record.t > asOf) reason = 'AFTER_AS_OF';
    else if (!visible(record)) {
      // Invisible with no transaction to wait for: negated, or on a negation cycle.
      const negated = negatorsOf(record.id).some(visible) || record.transactions.length === 0;
      reason = negated ? 'NEGATED' : 'INCOMPLETE_TRANSACTION';
    } else if (entry.value === undefined || !accepts(entry.value)) reason = 'NOT_OF_TYPE';
    if (reason === undefined) taken.push(entry);
    else excluded.set(entry, reason);
  }
  const winners = winnersOf(property, taken, inputs.value);
  return {
    property: property.name,
    resolver: property.resolver,
    value: inputs.value,
    winners: entries.filter((entry) => winners.has(entry)).map((entry) => entry.record.delta),
    considered: entries.map((entry) => ({
      delta: entry.record.delta,
      value: entry.value === undefined ? undefined : output(entry.value),
      won: winners.has(entry),
      reason: excluded.get(entry) ?? (winners.has(entry) ? null : 'OUTRANKED'),
    })),
  };
};
