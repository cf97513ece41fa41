import type { ImplementableInputObjectRef, ImplementableObjectRef } from '@pothos/core';
import type { EntityNode as EngineNode } from '../engine/engine.js';
import type { EntityModel, Model, PropertyModel, ResolvedValue, ScalarName } from '../model/model.js';
import { resultType } from '../model/result-type.js';
import { compareTimeId } from '../views/order.js';
import type { Builder, GraphQLContext, SchemaDeps, Types } from './builder.js';
import type { defineDeltaTypes } from './delta-types.js';
import { createFilterInputs } from './filter-inputs.js';
import { trustFilterRef, withTrust } from './perspective-args.js';
import { resolutionRef } from './resolution-types.js';

export type EntityObjectRef = ImplementableObjectRef<Types, EngineNode>;
type InputRef = ImplementableInputObjectRef<Types, Record<string, unknown>>;

export interface EntityRefs {
  readonly object: EntityObjectRef;
  readonly input: InputRef;
  readonly where: InputRef;
  readonly orderBy: InputRef;
}

type DeltaRef = ReturnType<typeof defineDeltaTypes>['DeltaRef'];

const idsOf = (value: ResolvedValue | undefined): string[] => {
  const items = Array.isArray(value) ? value : value == null ? [] : [value];
  return items.flatMap((item) =>
    item !== null && typeof item === 'object' && 'id' in item ? [item.id] : [],
  );
};

/** Sortable: single scalars other than JSON. */
export const sortable = (p: PropertyModel) =>
  !p.type.list && !(p.type.kind === 'scalar' && p.type.scalar === 'JSON');

/**
 * Declares every entity's object type and inputs. Collect first, implement
 * after, so entities can reference each other (and themselves).
 */
export function defineEntityTypes(builder: Builder, model: Model, deps: SchemaDeps, DeltaRef: DeltaRef) {
  const filterFor = createFilterInputs(builder);
  const OrderDirection = builder.enumType('OrderDirection', { values: ['ASC', 'DESC'] as const });
  const refs = new Map<string, EntityRefs>();
  for (const entity of model.entities) {
    refs.set(entity.name, {
      object: builder.objectRef<EngineNode>(entity.name),
      input: builder.inputRef(`${entity.name}Input`) as InputRef,
      where: builder.inputRef(`${entity.name}Where`) as InputRef,
      orderBy: builder.inputRef(`${entity.name}OrderBy`) as InputRef,
    });
  }
  const refsOf = (name: string) => refs.get(name) as EntityRefs;
  const TrustFilter = trustFilterRef(builder);
  const Resolution = resolutionRef(builder, DeltaRef);

  for (const entity of model.entities) {
    const { object, input, where, orderBy } = refsOf(entity.name);

    object.implement({
      fields: (t) => ({
        id: t.id({ resolve: (node) => node.id }),
        ...Object.fromEntries(entity.properties.map((p) => [p.name, outputField(t, p)])),
        _deltas: t.field({
          type: [DeltaRef],
          description: 'The visible deltas behind this entity (or one property), oldest first.',
          args: { property: t.arg.string(), trust: t.arg({ type: TrustFilter }) },
          resolve: async (node, args, ctx) => {
            const view = await deps.engine.lossless(node.id, withTrust(node.perspective, args.trust));
            const names = args.property == null ? Object.keys(view.properties) : [args.property];
            const seen = new Map(
              names.flatMap((n) => (view.properties[n] ?? []).map((d) => [d.id, d] as const)),
            );
            ctx.access.assertReadAll([...seen.values()], '_deltas');
            return [...seen.values()].sort((a, b) => compareTimeId(a.timeCreated, a.id, b.timeCreated, b.id));
          },
        }),
        _lossless: t.field({
          type: 'JSON',
          description: 'The lossless view: per property, every visible delta; and the collections it is in.',
          args: { trust: t.arg({ type: TrustFilter }) },
          resolve: async (node, args, ctx) => {
            const view = await deps.engine.lossless(node.id, withTrust(node.perspective, args.trust));
            ctx.access.assertReadAll(Object.values(view.properties).flat(), '_lossless');
            // Its collections name the types it belongs to, which a caller may not be allowed to see either.
            for (const type of model.entities)
              if (view.collections.includes(type.collection)) ctx.access.assertRead(type, '_lossless');
            return view;
          },
        }),
        _resolution: t.field({
          type: Resolution,
          description:
            'Why a property has its value, from this entity’s perspective: the resolver, the winning deltas and every delta considered.',
          args: { property: t.arg.string({ required: true }), trust: t.arg({ type: TrustFilter }) },
          resolve: async (node, args, ctx) => {
            const resolution = await deps.engine.resolution(
              entity,
              node.id,
              args.property,
              withTrust(node.perspective, args.trust),
            );
            ctx.access.assertReadAll(
              resolution.considered.map((c) => c.delta),
              '_resolution',
            );
            return resolution;
          },
        }),
      }),
    });

    input.implement({
      description: `Each field given becomes one delta (a list: one per element).`,
      fields: (t) =>
        Object.fromEntries(
          entity.properties.map((p) => {
            const scalar: ScalarName = p.type.kind === 'reference' ? 'ID' : p.type.scalar;
            return [p.name, p.type.list ? t.field({ type: [scalar] }) : t.field({ type: scalar })];
          }),
        ),
    });

    where.implement({
      fields: (t) => ({
        and: t.field({ type: [where] }),
        or: t.field({ type: [where] }),
        not: t.field({ type: where }),
        id: t.field({
          type: filterFor({
            name: 'id',
            type: { kind: 'scalar', scalar: 'ID', list: false },
          } as PropertyModel),
        }),
        ...Object.fromEntries(entity.properties.map((p) => [p.name, t.field({ type: filterFor(p) })])),
      }),
    });

    const OrderField = builder.enumType(`${entity.name}OrderField`, {
      values: ['id', ...entity.properties.filter(sortable).map((p) => p.name)],
    });
    orderBy.implement({
      fields: (t) => ({
        field: t.field({ type: OrderField, required: true }),
        direction: t.field({ type: OrderDirection, defaultValue: 'ASC' }),
      }),
    });
  }

  // biome-ignore lint/suspicious/noExplicitAny: Pothos field builders are typed per static shape; these are generated.
  function outputField(t: any, property: PropertyModel) {
    const type = resultType(property);
    if (type.kind === 'scalar') {
      return type.list
        ? t.field({ type: [type.scalar], resolve: (node: EngineNode) => node.values[property.name] ?? [] })
        : t.field({
            type: type.scalar,
            nullable: true,
            resolve: (node: EngineNode) => node.values[property.name] ?? null,
          });
    }
    const target = model.entity(type.entity) as EntityModel;
    const targetRef = refsOf(type.entity).object;
    const load = (node: EngineNode, ctx: GraphQLContext) => {
      ctx.access.assertRead(target, property.name);
      return deps.engine.referenced(target, idsOf(node.values[property.name]), node.perspective);
    };
    return type.list
      ? t.field({
          type: [targetRef],
          resolve: (node: EngineNode, _args: unknown, ctx: GraphQLContext) => load(node, ctx),
        })
      : t.field({
          type: targetRef,
          nullable: true,
          resolve: async (node: EngineNode, _args: unknown, ctx: GraphQLContext) =>
            (await load(node, ctx))[0] ?? null,
        });
  }

  return refsOf;
}
