import type { ObjectRef } from '@pothos/core';
import type { Builder, Types } from './builder.js';

export interface Edge<T> {
  readonly cursor: string;
  readonly node: T;
}

/** The shape shared by entity and delta connections (DESIGN.md §4). */
export interface Connection<T> {
  readonly edges: readonly Edge<T>[];
  readonly hasNextPage: boolean;
  /** A function when counting costs a query: it then runs only if the client asks for the count. */
  readonly totalCount: number | (() => Promise<number>);
}

interface PageInfo {
  readonly hasNextPage: boolean;
  readonly endCursor: string | null;
}

const pageInfoRefs = new WeakMap<Builder, ObjectRef<Types, PageInfo>>();

function pageInfoRef(builder: Builder): ObjectRef<Types, PageInfo> {
  const known = pageInfoRefs.get(builder);
  if (known) return known;
  const ref = builder.objectRef<PageInfo>('PageInfo').implement({
    fields: (t) => ({
      hasNextPage: t.exposeBoolean('hasNextPage'),
      endCursor: t.exposeString('endCursor', { nullable: true }),
    }),
  });
  pageInfoRefs.set(builder, ref);
  return ref;
}

/** Declares `<Name>Edge` and `<Name>Connection` for a node type. */
export function connectionRef<T>(builder: Builder, name: string, nodeRef: ObjectRef<Types, T>) {
  const edgeRef = builder.objectRef<Edge<T>>(`${name}Edge`).implement({
    fields: (t) => ({
      cursor: t.exposeString('cursor'),
      node: t.field({ type: nodeRef, resolve: (edge) => edge.node as never }),
    }),
  });
  const pageInfo = pageInfoRef(builder);
  const connection = builder.objectRef<Connection<T>>(`${name}Connection`).implement({
    fields: (t) => ({
      edges: t.field({ type: [edgeRef], resolve: (c) => [...c.edges] }),
      nodes: t.field({ type: [nodeRef], resolve: (c) => c.edges.map((e) => e.node) as never }),
      pageInfo: t.field({
        type: pageInfo,
        resolve: (c) => ({ hasNextPage: c.hasNextPage, endCursor: c.edges.at(-1)?.cursor ?? null }),
      }),
      totalCount: t.int({
        resolve: (c) => (typeof c.totalCount === 'function' ? c.totalCount() : c.totalCount),
      }),
    }),
  });
  return { connection, edge: edgeRef };
}
