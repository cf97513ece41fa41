/**
 * One entity's history as the page shows it: every delta that references it
 * (`deltas(entity:)`, negated ones included, with who negated them), and its
 * view as of a time (`<type>(id, asOf)` with `_lossless`).
 */
import type { Delta } from '../src/delta/delta.js';
import { valueFor } from '../src/delta/value-for.js';
import type { ExplorerProperty, ExplorerType } from '../src/server/explorer-model.js';
import { gql } from './graphql.js';

interface WirePointer {
  localContext: string;
  targetContext: string | null;
  entity: string | null;
  value: unknown;
}

export interface HistoryDelta {
  readonly id: string;
  readonly creator: string;
  readonly host: string;
  readonly time: number;
  readonly pointers: readonly WirePointer[];
  readonly negatedBy: readonly { id: string; time: number }[];
  /** The delta in the core's shape, for the value rule. */
  readonly delta: Delta;
}

export interface View {
  /** The entity does not exist at this time (no visible delta makes it one of its type). */
  readonly exists: boolean;
  readonly values: Readonly<Record<string, unknown>>;
  /** Per property, the ids of the visible deltas behind it. */
  readonly visible: Readonly<Record<string, readonly string[]>>;
}

interface WireDelta {
  id: string;
  creator: string;
  host: string;
  timeCreated: string;
  pointers: WirePointer[];
  negatedBy: { id: string; timeCreated: string }[];
}

const DELTA_FIELDS = `id creator host timeCreated pointers { localContext targetContext entity value }
  negatedBy { id timeCreated }`;

const toCore = (pointers: readonly WirePointer[]): Delta['pointers'] =>
  pointers.map((p) =>
    p.entity !== null
      ? {
          localContext: p.localContext,
          target: { id: p.entity },
          ...(p.targetContext ? { targetContext: p.targetContext } : {}),
        }
      : { localContext: p.localContext, target: (p.value ?? null) as never },
  );

/** Every delta that references `id`, in feed order, page by page. */
export async function loadDeltas(id: string): Promise<HistoryDelta[]> {
  const out: HistoryDelta[] = [];
  let after: string | null = null;
  for (;;) {
    const data: {
      deltas: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: WireDelta[] };
    } = await gql(
      `query($id: ID!, $after: String) { deltas(entity: $id, first: 1000, after: $after) {
        pageInfo { hasNextPage endCursor } nodes { ${DELTA_FIELDS} } } }`,
      { id, after },
    );
    for (const node of data.deltas.nodes) {
      const time = Date.parse(node.timeCreated);
      out.push({
        id: node.id,
        creator: node.creator,
        host: node.host,
        time,
        pointers: node.pointers,
        negatedBy: node.negatedBy.map((n) => ({
          id: n.id,
          time: Date.parse(n.timeCreated),
        })),
        delta: {
          id: node.id,
          creator: node.creator,
          host: node.host,
          timeCreated: time,
          pointers: toCore(node.pointers),
        },
      });
    }
    if (!data.deltas.pageInfo.hasNextPage) return out;
    after = data.deltas.pageInfo.endCursor;
  }
}

const selection = (p: ExplorerProperty) => (p.entity ? `${p.name} { id }` : p.name);

/** The entity's resolved values and visible deltas as of `asOf` (epoch ms; undefined for now). */
export async function loadView(type: ExplorerType, id: string, asOf: number | undefined): Promise<View> {
  const data = await gql<{ entity: Record<string, unknown> | null }>(
    `query($id: ID!, $asOf: DateTime) { entity: ${type.query}(id: $id, asOf: $asOf) {
      ${type.properties.map(selection).join(' ')} _lossless } }`,
    { id, asOf: asOf ?? null },
  );
  if (!data.entity) return { exists: false, values: {}, visible: {} };
  const lossless = data.entity._lossless as { properties: Record<string, { id: string }[]> };
  return {
    exists: true,
    values: data.entity,
    visible: Object.fromEntries(
      Object.entries(lossless.properties).map(([name, deltas]) => [name, deltas.map((d) => d.id)]),
    ),
  };
}

/** The value a delta gives to `property` of `entityId` (the core's value rule); undefined for none. */
export const givenValue = (delta: HistoryDelta, entityId: string, property: string): unknown =>
  valueFor(delta.delta, entityId, property);

/** Whether the delta speaks about `property` of `entityId` at all. */
export const speaksAbout = (delta: HistoryDelta, entityId: string, property: string): boolean =>
  delta.pointers.some((p) => p.entity === entityId && p.targetContext === property);
