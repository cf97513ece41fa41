import { badInput } from '../errors.js';

/**
 * Entity list cursors carry the sort key and id of the last row, so a page
 * boundary stays put when rows come and go. The in-memory path and the
 * projection path hand out the same cursors.
 */
const encodeEntityCursor = (key: unknown, id: string): string =>
  Buffer.from(JSON.stringify([key, id])).toString('base64url');

/**
 * A list edge whose cursor is encoded only if it is read: most list queries
 * select `nodes` and no cursor, and encoding one per row costs more than the
 * row's own fields. A class, so the getter lives on its prototype: an object
 * literal with a getter is built on a slow path, once per row.
 */
class EntityEdge<T> {
  constructor(
    private readonly key: unknown,
    private readonly id: string,
    readonly node: T,
  ) {}

  get cursor(): string {
    return encodeEntityCursor(this.key, this.id);
  }
}

export const entityEdge = <T>(
  key: unknown,
  id: string,
  node: T,
): { readonly cursor: string; readonly node: T } => new EntityEdge(key, id, node);

export function decodeEntityCursor(cursor: string): [unknown, string] {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && parsed.length === 2 && typeof parsed[1] === 'string')
      return [parsed[0], parsed[1]];
  } catch {
    // fall through to the error below
  }
  throw badInput(
    `after: "${cursor}" is not a cursor from this list; pass an endCursor or edge cursor you received.`,
  );
}
