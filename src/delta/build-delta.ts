import { badInput } from '../errors.js';
import {
  type Delta,
  type EntityRef,
  NEGATED_BY,
  NEGATES,
  type Pointer,
  type Target,
  TRANSACTION,
  TRANSACTION_DELTAS,
  TRANSACTION_SIZE,
} from './delta.js';
import type { DeltaDefaults } from './delta-defaults.js';
import { parseDelta } from './parse-delta.js';

/** The localContext `setProperty` gives the entity when no collection is named. */
export const DEFAULT_SUBJECT_CONTEXT = 'entity';

/** Optional overrides of the defaults, for every builder. */
export interface DeltaMeta {
  readonly id?: string;
  readonly creator?: string;
  readonly host?: string;
  readonly timeCreated?: number;
  /** How error messages name the delta. @default 'Delta' */
  readonly where?: string;
}

export interface SetPropertyInput extends DeltaMeta {
  readonly entity: string;
  readonly property: string;
  readonly value: Target;
  /**
   * The localContext that references the entity; a type's collection makes it a member too.
   * @default DEFAULT_SUBJECT_CONTEXT
   */
  readonly collection?: string;
}

export interface MemberOfInput extends DeltaMeta {
  readonly entity: string;
  readonly collection: string;
}

export interface RelateInput extends DeltaMeta {
  /** `from.fromProperty` becomes `to`, and `to.toProperty` gains `from`. */
  readonly from: string;
  readonly fromProperty: string;
  readonly to: string;
  readonly toProperty: string;
  /** localContext of the pointer to `from`, the role `from` plays. @default toProperty */
  readonly fromRole?: string;
  /** localContext of the pointer to `to`, the role `to` plays. @default fromProperty */
  readonly toRole?: string;
}

export interface DeltaBuilder {
  /** `{ collection → entity (targetContext property), property → value }` */
  setProperty(input: SetPropertyInput): Delta;
  /** `{ collection → entity }`: names the entity as a member without touching its properties. */
  memberOf(input: MemberOfInput): Delta;
  /** `{ fromRole → from (targetContext fromProperty), toRole → to (targetContext toProperty) }` */
  relate(input: RelateInput): Delta;
  /** `{ _negates → deltaId (targetContext negated_by) }` */
  negate(deltaId: string, meta?: DeltaMeta): Delta;
  /**
   * Adds `{ _transaction → txId (targetContext deltas) }` to each delta and returns
   * them followed by a delta of its own declaring the size (`deltas.length`).
   */
  transaction(txId: string, deltas: readonly Delta[], meta?: DeltaMeta): Delta[];
}

const ref = (id: string): EntityRef => ({ id });

/**
 * Builders for the common delta shapes (DESIGN.md §1). Every result goes
 * through `parseDelta`, so builders enforce the same limits as the wire.
 */
export const createDeltaBuilder = (defaults: DeltaDefaults): DeltaBuilder => {
  const build = (pointers: Pointer[], meta: DeltaMeta = {}): Delta =>
    parseDelta(
      { id: meta.id, creator: meta.creator, host: meta.host, timeCreated: meta.timeCreated, pointers },
      defaults,
      meta.where,
    );

  return {
    setProperty: ({ entity, property, value, collection, ...meta }) =>
      build(
        [
          {
            localContext: collection ?? DEFAULT_SUBJECT_CONTEXT,
            target: ref(entity),
            targetContext: property,
          },
          { localContext: property, target: value },
        ],
        meta,
      ),

    memberOf: ({ entity, collection, ...meta }) =>
      build([{ localContext: collection, target: ref(entity) }], meta),

    relate: ({ from, fromProperty, to, toProperty, fromRole, toRole, ...meta }) =>
      build(
        [
          { localContext: fromRole ?? toProperty, target: ref(from), targetContext: fromProperty },
          { localContext: toRole ?? fromProperty, target: ref(to), targetContext: toProperty },
        ],
        meta,
      ),

    negate: (deltaId, meta) =>
      build([{ localContext: NEGATES, target: ref(deltaId), targetContext: NEGATED_BY }], meta),

    transaction: (txId, deltas, meta) => {
      if (deltas.length === 0) throw badInput('A transaction needs at least one delta.', { field: 'deltas' });
      const member: Pointer = {
        localContext: TRANSACTION,
        target: ref(txId),
        targetContext: TRANSACTION_DELTAS,
      };
      const members = deltas.map((delta) =>
        build([...delta.pointers, member], { ...delta, where: meta?.where }),
      );
      const size = build(
        [
          { localContext: TRANSACTION, target: ref(txId), targetContext: TRANSACTION_SIZE },
          { localContext: TRANSACTION_SIZE, target: deltas.length },
        ],
        meta,
      );
      return [...members, size];
    },
  };
};
