/**
 * The HTTP GraphQL URL of a peer given by its WebSocket URL: the same host,
 * port and path, since Rhizome serves both on one port (docs/design.md §4).
 * @example httpUrlOf('ws://node-a:4000/graphql') // 'http://node-a:4000/graphql'
 */
export const httpUrlOf = (wsUrl: string): string => {
  const url = new URL(wsUrl);
  if (url.protocol === 'ws:') url.protocol = 'http:';
  else if (url.protocol === 'wss:') url.protocol = 'https:';
  else throw new Error(`A peer URL must start with ws:// or wss://, got "${wsUrl}".`);
  return url.toString();
};

/** Headers and connection params carry the same bearer token (docs/design.md §7). */
export const bearer = (token: string | undefined): Record<string, string> =>
  token === undefined ? {} : { authorization: `Bearer ${token}` };
