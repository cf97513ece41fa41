/** A running server's own figures, from its `/ready` and `/metrics` (docs/design.md §12). */
export interface ServerStatus {
  readonly url: string;
  readonly ready: boolean;
  readonly feedHealthy: boolean | null;
  readonly stopping: boolean | null;
  readonly feedLagPositions: number | null;
  readonly peers: readonly {
    readonly url: string;
    readonly connected: boolean;
    readonly lagMs: number | null;
  }[];
}

const series = (text: string, name: string): [labels: string, value: number][] =>
  text
    .split('\n')
    .filter((line) => line.startsWith(`${name} `) || line.startsWith(`${name}{`))
    .map((line) => {
      const space = line.lastIndexOf(' ');
      return [line.slice(name.length, space), Number(line.slice(space + 1))];
    });

const peerOf = (labels: string) => /peer="((?:[^"\\]|\\.)*)"/.exec(labels)?.[1] ?? labels;

/** Asks the server; an unreachable one is an error the command reports. */
export async function serverStatus(graphqlUrl: string): Promise<ServerStatus> {
  const base = new URL(graphqlUrl);
  const readyResponse = await fetch(new URL('/ready', base));
  const ready = (await readyResponse.json().catch(() => ({}))) as { feed?: boolean; stopping?: boolean };
  const metrics = await fetch(new URL('/metrics', base));
  const text = metrics.ok ? await metrics.text() : '';
  const lag = series(text, 'rhizome_peer_lag_ms');
  const connected = series(text, 'rhizome_peer_connected');
  return {
    url: base.toString(),
    ready: readyResponse.status === 200,
    feedHealthy: ready.feed ?? null,
    stopping: ready.stopping ?? null,
    feedLagPositions: series(text, 'rhizome_feed_lag_positions')[0]?.[1] ?? null,
    peers: connected.map(([labels, value]) => ({
      url: peerOf(labels),
      connected: value === 1,
      lagMs: lag.find(([l]) => l === labels)?.[1] ?? null,
    })),
  };
}
