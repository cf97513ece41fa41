import { bearer } from './peer-address.js';
import { PAGE_QUERY, type WireEdge } from './peer-wire.js';

export interface Page {
  readonly edges: readonly WireEdge[];
  readonly hasNextPage: boolean;
}

/** A page that takes longer is treated as a failed peer (a half-open connection would wait forever). */
const PAGE_TIMEOUT_MS = 30_000;

export interface FetchPageOptions {
  readonly httpUrl: string;
  readonly token: string | undefined;
  readonly after: string;
  readonly signal: AbortSignal;
}

interface PageResponse {
  data?: { deltas?: { edges: WireEdge[]; pageInfo: { hasNextPage: boolean } } } | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

/** One page of the peer's feed after `after`, over plain HTTP (catch-up without a message per delta). */
export async function fetchPage({ httpUrl, token, after, signal }: FetchPageOptions): Promise<Page> {
  const response = await fetch(httpUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...bearer(token) },
    body: JSON.stringify({ query: PAGE_QUERY, variables: { after } }),
    signal: AbortSignal.any([signal, AbortSignal.timeout(PAGE_TIMEOUT_MS)]),
  });
  const body = (await response.json().catch(() => ({}))) as PageResponse;
  const deltas = body.data?.deltas;
  if (!response.ok || deltas == null) {
    const first = body.errors?.[0];
    const reason = first
      ? `${first.extensions?.code ?? 'ERROR'}: ${first.message}`
      : `HTTP ${response.status}`;
    throw new Error(`the peer refused the page after ${after} (${reason})`);
  }
  return { edges: deltas.edges, hasNextPage: deltas.pageInfo.hasNextPage };
}
