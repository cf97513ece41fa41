import { createHash } from 'node:crypto';
import type { EntityModel, PropertyModel, ResolvedValue } from '../model/model.js';
import type {
  ColumnKind,
  ColumnValue,
  ProjectionColumn,
  ProjectionShape,
  RowInput,
} from '../store/projection-store.js';
import type { LossyView } from '../views/views.js';
import { comparable, stringForm } from './comparable.js';
import { normalizedSource } from './normalized-source.js';

/** A declared property and the column that materialises it. */
export interface PropertyColumn extends ProjectionColumn {
  readonly property: PropertyModel;
}

export interface TypeProjection extends ProjectionShape {
  readonly type: EntityModel;
  readonly columns: readonly PropertyColumn[];
  readonly byProperty: ReadonlyMap<string, PropertyColumn>;
}

/** Sortable as in the GraphQL `OrderBy` enum: single scalars other than JSON. */
const isSortable = (p: PropertyModel) =>
  !p.type.list && !(p.type.kind === 'scalar' && p.type.scalar === 'JSON');

const kindOf = (p: PropertyModel): ColumnKind => {
  if (p.type.list) return 'list';
  if (p.type.kind === 'reference') return 'text';
  switch (p.type.scalar) {
    case 'Int':
    case 'Float':
    case 'DateTime':
      return 'number';
    case 'Boolean':
      return 'boolean';
    default:
      // String, ID, and JSON as the string form it compares by.
      return 'text';
  }
};

/**
 * Everything that decides a type's rows. A custom resolver counts by its
 * source text (formatting aside), so editing the function rebuilds the projection.
 */
const digest = (type: EntityModel): string =>
  createHash('sha256')
    .update(
      JSON.stringify({
        collection: type.collection,
        properties: type.properties.map((p) => ({
          name: p.name,
          type: p.type,
          resolver: p.resolver,
          separator: p.separator,
          dependsOn: p.dependsOn,
          // Only when declared, so the digests of earlier declarations stay the same.
          ...(p.history ? { history: p.history } : {}),
          custom: p.custom ? normalizedSource(p.custom.toString()) : null,
        })),
      }),
    )
    .digest('hex');

/** The projection of one declared type: its table, columns and digest (docs/design.md §8). */
export function projectionOf(type: EntityModel): TypeProjection {
  const shape = digest(type);
  const columns = type.properties.map(
    (property, i): PropertyColumn => ({
      // Positional names: any property name fits, and the digest pins the order.
      name: `p${i}`,
      kind: kindOf(property),
      sortable: isSortable(property),
      property,
    }),
  );
  const prefix = type.name
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '')
    .slice(0, 24);
  return {
    type,
    tableName: `proj_${prefix}_${shape.slice(0, 12)}`,
    typeName: type.name,
    shape,
    columns,
    byProperty: new Map(columns.map((column) => [column.property.name, column])),
  };
}

/**
 * The column value of one comparable scalar: numbers for number columns,
 * booleans for boolean ones, the string form otherwise; null when unresolved
 * or of a kind the column cannot hold.
 */
export const columnValue = (kind: ColumnKind, value: unknown): ColumnValue | null => {
  if (value === null || value === undefined) return null;
  if (kind === 'number') return typeof value === 'number' && Number.isFinite(value) ? value : null;
  if (kind === 'boolean') return typeof value === 'boolean' ? value : null;
  return stringForm(value);
};

/** List elements as the keys `contains` compares: the string form, null for a null element. */
export const elementKey = (item: unknown): string | null => (item === null ? null : stringForm(item));

/** The row that materialises one member's resolved values. */
export function rowOf(projection: TypeProjection, id: string, view: LossyView): RowInput {
  const columns: Record<string, ColumnValue | (string | null)[] | null> = {};
  for (const column of projection.columns) {
    const value = view[column.property.name];
    if (column.kind === 'list') {
      const items = Array.isArray(value) ? (value as ResolvedValue[]) : [];
      columns[column.name] = items.map((item) => elementKey(comparable(item, column.property)));
    } else {
      columns[column.name] = columnValue(column.kind, comparable(value, column.property));
    }
  }
  return { id, view, columns };
}
