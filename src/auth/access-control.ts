import { type Delta, negatedIds } from '../delta/delta.js';
import { badInput, RhizomeError } from '../errors.js';
import type { AccessRule, EntityModel, Model } from '../model/model.js';
import { checkCreatorName } from './creator-name.js';
import type { Identity } from './principal.js';
import { allows, denied } from './rules.js';
import { createTouchedTypes } from './touched-types.js';

/** The server-wide half of access control: built once per schema. */
export interface AccessPolicyOptions {
  readonly model: Model;
  /** Auth on: rules apply. Off: everything is allowed, as in the playground. */
  readonly enabled: boolean;
  /** The role that may negate deltas of other creators. @default 'admin' */
  readonly adminRole: string;
  /** This node's id: with auth on, the only `host` a client may give. */
  readonly nodeId: string;
  /** How far ahead of this server's clock a client's `timeCreated` may be. */
  readonly maxClockSkewMs: number;
  /** Who may read the delta feed, on top of the types' read rules. @default 'public' */
  readonly feedRead?: AccessRule;
}

export interface AccessControl {
  readonly enabled: boolean;
  /** Throws unless the caller may read entities of this type; `field` names the GraphQL field. */
  assertRead(type: EntityModel, field: string): void;
  /** Throws unless the caller may read the delta feed at all (`RHIZOME_FEED_READ`). */
  assertFeedRead(field: string): void;
  /** A delta is readable when it touches no type the caller may not read. */
  canRead(delta: Delta): boolean;
  /** Throws `FORBIDDEN` (or `UNAUTHENTICATED`) naming the first delta the caller may not read. */
  assertReadAll(deltas: readonly Delta[], field: string): void;
  /**
   * Every check a client's deltas pass before anything is stored: creator,
   * host, clock skew, each pointer's write rule, and negation rights.
   */
  authorizeWrite(deltas: readonly Delta[]): Promise<void>;
}

export interface AccessControlOptions {
  readonly identity: Identity;
  now(): number;
  /** Stored deltas by id, for deciding who may negate them. */
  getMany(ids: readonly string[]): Promise<Delta[]>;
}

export type AccessPolicy = (options: AccessControlOptions) => AccessControl;

const label = (index: number, deltas: readonly Delta[]) =>
  deltas.length === 1 ? `Delta "${deltas[index]?.id}"` : `Delta ${index} ("${deltas[index]?.id}")`;

export function createAccessPolicy(options: AccessPolicyOptions): AccessPolicy {
  const touchedTypes = createTouchedTypes(options.model);
  const { enabled } = options;
  const feedRead = options.feedRead ?? 'public';

  return ({ identity, now, getMany }) => {
    const { principal } = identity;
    const isAdmin = principal?.roles.includes(options.adminRole) ?? false;

    const checkOrigin = (delta: Delta, at: string) => {
      if (delta.timeCreated > now() + options.maxClockSkewMs) {
        throw badInput(
          `${at}: timeCreated ${new Date(delta.timeCreated).toISOString()} is more than ${options.maxClockSkewMs} ms ahead of the server's clock; omit it to use the server's.`,
          { field: 'timeCreated' },
        );
      }
      if (!enabled) {
        if (delta.creator !== identity.creator) checkCreatorName(delta.creator, `${at}: creator`);
        return;
      }
      if (delta.creator !== identity.creator) {
        throw new RhizomeError(
          'FORBIDDEN',
          `${at}: creator "${delta.creator}" is not the caller; with auth on every delta's creator is the token's "sub". Leave creator out.`,
          { details: { field: 'creator' } },
        );
      }
      if (delta.host !== options.nodeId) {
        throw new RhizomeError(
          'FORBIDDEN',
          `${at}: host "${delta.host}" is not this node ("${options.nodeId}"); clients cannot relay deltas of other nodes. Leave host out.`,
          { details: { field: 'host' } },
        );
      }
    };

    const checkRules = (delta: Delta, at: string) => {
      const types = touchedTypes(delta);
      if (types.size === 0 && !allows('authenticated', principal)) {
        throw denied(principal, `${at} touches no declared type, so writing it`, 'authenticated');
      }
      for (const type of types) {
        if (!allows(type.access.write, principal))
          throw denied(principal, `${at} writes ${type.name}, which`, type.access.write);
      }
    };

    /** Own deltas (stored, or in this very batch) may be negated; others' only by the admin role. */
    const checkNegations = async (deltas: readonly Delta[]) => {
      if (isAdmin) return;
      const inBatch = new Set(deltas.map((d) => d.id));
      const wanted = [...new Set(deltas.flatMap(negatedIds))].filter((id) => !inBatch.has(id));
      if (wanted.length === 0) return;
      const stored = new Map((await getMany(wanted)).map((d) => [d.id, d]));
      for (const [index, delta] of deltas.entries()) {
        for (const id of negatedIds(delta)) {
          if (inBatch.has(id)) continue;
          const target = stored.get(id);
          if (target?.creator === identity.creator) continue;
          const whose =
            target === undefined
              ? 'a delta not stored here (its creator is unknown)'
              : `a delta of "${target.creator}"`;
          throw new RhizomeError(
            'FORBIDDEN',
            `${label(index, deltas)} negates ${whose}, "${id}"; only its creator or the role "${options.adminRole}" may negate it.`,
          );
        }
      }
    };

    const canRead = (delta: Delta) => {
      if (!enabled) return true;
      for (const type of touchedTypes(delta)) if (!allows(type.access.read, principal)) return false;
      return true;
    };

    return {
      enabled,
      assertRead(type, field) {
        if (enabled && !allows(type.access.read, principal))
          throw denied(principal, `${field} reads ${type.name}, which`, type.access.read);
      },
      assertFeedRead(field) {
        if (enabled && !allows(feedRead, principal))
          throw denied(principal, `${field} reads the delta feed, which`, feedRead);
      },
      canRead,
      assertReadAll(deltas, field) {
        if (!enabled) return;
        for (const delta of deltas) {
          for (const type of touchedTypes(delta)) {
            if (!allows(type.access.read, principal))
              throw denied(
                principal,
                `${field} holds delta "${delta.id}" of ${type.name}, which`,
                type.access.read,
              );
          }
        }
      },
      async authorizeWrite(deltas) {
        for (const [index, delta] of deltas.entries()) {
          const at = label(index, deltas);
          checkOrigin(delta, at);
          if (enabled) checkRules(delta, at);
        }
        if (enabled) await checkNegations(deltas);
      },
    };
  };
}
