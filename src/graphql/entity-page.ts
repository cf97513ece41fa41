import { compareCodePoints } from '../delta/code-point-order.js';
import type { EntityNode } from '../engine/engine.js';
import { badInput } from '../errors.js';
import type { EntityModel } from '../model/model.js';
import { comparable, compareValues } from '../projection/comparable.js';
import { decodeEntityCursor, entityEdge } from '../projection/entity-cursor.js';
import type { Connection } from './connection.js';
import { matchesWhere, type Where } from './entity-filter.js';

export interface OrderBy {
  readonly field: string;
  readonly direction?: 'ASC' | 'DESC' | null;
}

export interface PageArgs {
  readonly first: number;
  readonly after?: string | null;
  readonly where?: Where | null;
  readonly orderBy?: OrderBy | null;
}

export const MAX_ENTITY_PAGE = 1000;

const sortKey = (node: EntityNode, type: EntityModel, field: string): unknown =>
  field === 'id'
    ? node.id
    : comparable(
        node.values[field],
        type.properties.find((p) => p.name === field),
      );

export function checkPageSize(first: number): void {
  if (first < 0 || first > MAX_ENTITY_PAGE) {
    throw badInput(`first must be between 0 and ${MAX_ENTITY_PAGE}; got ${first}.`);
  }
}

/**
 * Filters, orders and pages resolved entities. Cursors carry the sort key and
 * id of the last row, so a page boundary stays put when rows come and go.
 */
export function pageEntities(
  nodes: readonly EntityNode[],
  type: EntityModel,
  args: PageArgs,
): Connection<EntityNode> {
  checkPageSize(args.first);
  const field = args.orderBy?.field ?? 'id';
  const sign = args.orderBy?.direction === 'DESC' ? -1 : 1;
  const rows = nodes
    .filter((node) => matchesWhere(node, args.where, type))
    .map((node) => ({ node, key: sortKey(node, type, field) }));
  // Unresolved values sort last in either direction; ties fall back to id.
  const order = (a: { key: unknown; node: EntityNode }, b: { key: unknown; node: EntityNode }) => {
    if (a.key === null && b.key !== null) return 1;
    if (b.key === null && a.key !== null) return -1;
    const byKey = a.key === null ? 0 : sign * compareValues(a.key, b.key);
    return byKey !== 0 ? byKey : compareCodePoints(a.node.id, b.node.id);
  };
  rows.sort(order);
  let start = 0;
  if (args.after != null) {
    const [key, id] = decodeEntityCursor(args.after);
    const boundary = { key, node: { id } as EntityNode };
    start = rows.findIndex((row) => order(row, boundary) > 0);
    if (start === -1) start = rows.length;
  }
  const page = rows.slice(start, start + args.first);
  return {
    edges: page.map((row) => entityEdge(row.key, row.node.id, row.node)),
    hasNextPage: start + args.first < rows.length,
    totalCount: rows.length,
  };
}
