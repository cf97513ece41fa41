import { parseStoredText } from '../delta/parse-text.js';
import { absentEntityGuard, alreadyExists } from '../engine/absent-entity-guard.js';
import type { EntityNode, Perspective } from '../engine/engine.js';
import { RhizomeError } from '../errors.js';
import type { EntityModel } from '../model/model.js';
import { lowerCamel } from '../model/names.js';
import type { Builder, GraphQLContext, SchemaDeps } from './builder.js';
import { connectionRef } from './connection.js';
import { entityInputDeltas } from './entity-deltas.js';
import type { Where } from './entity-filter.js';
import { checkPageSize, type OrderBy, pageEntities } from './entity-page.js';
import type { EntityRefs } from './entity-types.js';
import { perspectiveOf, trustFilterOf, trustFilterRef } from './perspective-args.js';

const ASOF = 'Valid time: only deltas with timeCreated at or before it count.';
const AT_CURSOR =
  'Transaction time: only deltas at or before this feed cursor count (a mutation’s extensions.cursor, a delta edge’s cursor).';
const TRUST = 'Only deltas (and negations) that pass the filter count.';

/** Queries, mutations and the subscription of one entity type (docs/design.md §4). */
export function defineEntityFields(builder: Builder, type: EntityModel, refs: EntityRefs, deps: SchemaDeps) {
  const { engine } = deps;
  const single = lowerCamel(type.name);
  const { connection } = connectionRef(builder, type.name, refs.object);
  const one = async (id: string, at?: Perspective) => (await engine.entities(type, [id], at))[0] ?? null;
  const TrustFilter = trustFilterRef(builder);
  const mustExist = async (id: string) => {
    const found = await one(id);
    if (!found) throw new RhizomeError('NOT_FOUND', `No ${type.name} with id "${id}".`);
    return found;
  };
  /** The deltas of a create or update, refused before anything is stored if the caller may not write them. */
  const inputDeltas = async (id: string, input: unknown, ctx: GraphQLContext) => {
    const deltas = entityInputDeltas(type, id, input as Record<string, unknown>, ctx.defaults);
    await ctx.access.authorizeWrite(deltas);
    return deltas;
  };

  builder.queryField(single, (t) =>
    t.field({
      type: refs.object,
      nullable: true,
      description: `The ${type.name} with this id, or null when no visible delta makes it one.`,
      args: {
        id: t.arg.id({ required: true }),
        asOf: t.arg({ type: 'DateTime', description: ASOF }),
        atCursor: t.arg.string({ description: AT_CURSOR }),
        trust: t.arg({ type: TrustFilter, description: TRUST }),
      },
      resolve: (_root, args, ctx) => {
        ctx.access.assertRead(type, single);
        return one(parseStoredText(String(args.id), 'id'), perspectiveOf(args));
      },
    }),
  );

  builder.queryField(lowerCamel(type.plural), (t) =>
    t.field({
      type: connection,
      args: {
        first: t.arg.int({ defaultValue: 50 }),
        after: t.arg.string(),
        where: t.arg({ type: refs.where }),
        orderBy: t.arg({ type: refs.orderBy }),
        asOf: t.arg({ type: 'DateTime', description: ASOF }),
        atCursor: t.arg.string({ description: AT_CURSOR }),
        trust: t.arg({ type: TrustFilter, description: TRUST }),
      },
      resolve: async (_root, args, ctx) => {
        ctx.access.assertRead(type, lowerCamel(type.plural));
        const page = {
          first: args.first ?? 50,
          after: args.after,
          where: args.where as Where | null,
          orderBy: args.orderBy as OrderBy | null,
        };
        checkPageSize(page.first);
        // Live lists come from the projection table; a perspective (asOf, atCursor, trust) and a
        // table still being built for a new declaration take the slower path through the log.
        const at = perspectiveOf(args);
        const served = at === undefined ? await deps.lists?.page(type, page) : null;
        return served ?? pageEntities(await engine.members(type, at), type, page);
      },
    }),
  );

  builder.mutationField(`create${type.name}`, (t) =>
    t.field({
      type: refs.object,
      args: { id: t.arg.id(), input: t.arg({ type: refs.input, required: true }) },
      resolve: async (_root, args, ctx) => {
        if (args.id == null) {
          const minted = ctx.defaults.newId();
          ctx.writes.note(await engine.writeNew(minted, await inputDeltas(minted, args.input, ctx)));
          return mustExist(minted);
        }
        const id = parseStoredText(String(args.id), 'id');
        // The guard decides, in the inserting transaction under a lock per id, so concurrent
        // creates cannot both win. Looking first answers the common conflict from this
        // instance's view, and loads the entity, so the write reaches its subscribers.
        const deltas = await inputDeltas(id, args.input, ctx);
        if (await one(id)) throw alreadyExists(type, id);
        ctx.writes.note(await engine.write(deltas, { guard: absentEntityGuard(type, id) }));
        return mustExist(id);
      },
    }),
  );

  builder.mutationField(`update${type.name}`, (t) =>
    t.field({
      type: refs.object,
      args: { id: t.arg.id({ required: true }), input: t.arg({ type: refs.input, required: true }) },
      resolve: async (_root, args, ctx) => {
        const id = parseStoredText(String(args.id), 'id');
        const deltas = await inputDeltas(id, args.input, ctx);
        await mustExist(id);
        ctx.writes.note(await engine.write(deltas));
        return mustExist(id);
      },
    }),
  );

  builder.mutationField(`delete${type.name}`, (t) =>
    t.boolean({
      description: `Negates every visible delta that makes it a ${type.name}; history stays readable with asOf.`,
      args: { id: t.arg.id({ required: true }) },
      resolve: (_root, args, ctx) =>
        engine.remove(
          type,
          parseStoredText(String(args.id), 'id'),
          ctx.defaults,
          (negations) => ctx.access.authorizeWrite(negations),
          (outcomes) => ctx.writes.note(outcomes),
        ),
    }),
  );

  builder.subscriptionField(`${single}Changed`, (t) =>
    t.field({
      type: refs.object,
      description: `The new resolved ${type.name} after every delta that changes it (any ${type.name} without id).`,
      args: { id: t.arg.id(), trust: t.arg({ type: TrustFilter, description: TRUST }) },
      subscribe: (_root, args, ctx) => {
        ctx.access.assertRead(type, `${single}Changed`);
        const id = args.id == null ? null : parseStoredText(String(args.id), 'id');
        return engine.changes(type, id, trustFilterOf(args.trust));
      },
      resolve: (node: EntityNode) => node,
    }),
  );
}
