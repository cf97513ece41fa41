import { type Delta, type EntityRef, NEGATED_BY, NEGATES, type Pointer, type Target } from './delta.js';
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

export interface DeltaBuilder {
  /** `{ collection → entity (targetContext property), property → value }` */
  setProperty(input: SetPropertyInput): Delta;
  /** `{ collection → entity }`: names the entity as a member without touching its properties. */
  memberOf(input: MemberOfInput): Delta;
  /** `{ _negates → deltaId (targetContext negated_by) }` */
  negate(deltaId: string, meta?: DeltaMeta): Delta;
}

const ref = (id: string): EntityRef => ({ id });

/**
 * Builders for the common delta shapes (docs/design.md §1). Every result goes
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

    negate: (deltaId, meta) =>
      build([{ localContext: NEGATES, target: ref(deltaId), targetContext: NEGATED_BY }], meta),
  };
};
