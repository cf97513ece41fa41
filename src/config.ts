import { hostname } from 'node:os';
import type { AuthSettings } from './auth/authenticator.js';
import type { AccessRule } from './model/model.js';
import { DEFAULT_DATA_DIR } from './store/default-data-dir.js';

/** Everything a Rhizome instance can be told. The only module that reads `process.env`. */
export interface Config extends AuthSettings {
  /** HTTP and WebSocket port. @default 4000 (`PORT`) */
  readonly port: number;
  /** Interface to bind; `0.0.0.0` opens the server to the network. @default '127.0.0.1' (`RHIZOME_HOST`, `--host`) */
  readonly host: string;
  /** Postgres URL; when absent the embedded PGlite database in `dataDir` is used. (`DATABASE_URL`) */
  readonly databaseUrl: string | undefined;
  /** Embedded database directory. @default DEFAULT_DATA_DIR, './.rhizome/data' (`RHIZOME_DATA_DIR`) */
  readonly dataDir: string;
  /** Directory of entity declarations. @default 'schema' (`RHIZOME_SCHEMA`) */
  readonly schemaDir: string;
  /** This node's id, recorded as `host` on every delta it accepts. @default os.hostname() (`RHIZOME_NODE_ID`) */
  readonly nodeId: string;
  /** pino level. @default 'info' (`LOG_LEVEL`) */
  readonly logLevel: string;
  /** Deepest allowed query nesting. @default 10 (`RHIZOME_MAX_DEPTH`) */
  readonly maxDepth: number;
  /** Most aliases in one operation. @default 30 (`RHIZOME_MAX_ALIASES`) */
  readonly maxAliases: number;
  /** Largest accepted request body in bytes. @default 1048576 (`RHIZOME_MAX_BODY_BYTES`) */
  readonly maxBodyBytes: number;
  /** Most entity views kept in memory. @default 100000 (`RHIZOME_CACHE_ENTITIES`) */
  readonly cacheEntities: number;
  /**
   * Most estimated heap bytes of entity views kept in memory; entities held by
   * a read in progress or watched by a subscription are not counted.
   * @default 268435456 (256 MiB) (`RHIZOME_CACHE_BYTES`)
   */
  readonly cacheBytes: number;

  // Limits and production defaults (docs/design.md §6). 0 turns a numeric limit off.
  /** Most lexical tokens in one document. @default 5000 (`RHIZOME_MAX_TOKENS`) */
  readonly maxTokens: number;
  /** Largest estimated cost of one operation (fields times list sizes). @default 100000 (`RHIZOME_MAX_COST`: a full `deltas(first: 1000)` page with every delta and pointer field costs about 50000) */
  readonly maxCost: number;
  /** Items assumed for a list field without `first` when estimating cost. @default 10 (`RHIZOME_LIST_COST`) */
  readonly listCost: number;
  /** Operations per principal (or address, when anonymous) per window. @default 6000 (`RHIZOME_RATE_LIMIT`) */
  readonly rateLimit: number;
  /** The rate limit's window. @default 60000 (`RHIZOME_RATE_WINDOW_MS`) */
  readonly rateWindowMs: number;
  /** Open sockets (HTTP and WebSocket together) per instance. @default 1000 (`RHIZOME_MAX_CONNECTIONS`) */
  readonly maxConnections: number;
  /** Subscriptions at once on one WebSocket. @default 100 (`RHIZOME_MAX_SUBSCRIPTIONS`) */
  readonly maxSubscriptions: number;
  /** Bytes buffered for a slow WebSocket reader before it is closed with 4429. @default 4194304 (`RHIZOME_MAX_WS_BUFFER_BYTES`) */
  readonly maxWsBufferBytes: number;
  /**
   * Milliseconds between the keep-alive sweeps that ping every WebSocket; one that did not answer the
   * previous ping is cut. 0 turns it off. @default 30000 (`RHIZOME_WS_KEEPALIVE_MS`)
   */
  readonly wsKeepAliveMs: number;
  /** Time to receive a request's headers. @default 10000 (`RHIZOME_HEADERS_TIMEOUT_MS`) */
  readonly headersTimeoutMs: number;
  /** Time to receive a whole request, body included. @default 30000 (`RHIZOME_REQUEST_TIMEOUT_MS`) */
  readonly requestTimeoutMs: number;
  /** An HTTP socket with no traffic this long is closed. @default 30000 (`RHIZOME_IDLE_TIMEOUT_MS`) */
  readonly idleTimeoutMs: number;
  /** A query or mutation still running after this long ends with `OPERATION_TIMEOUT`. @default 10000 (`RHIZOME_OPERATION_TIMEOUT_MS`) */
  readonly operationTimeoutMs: number;
  /** Origins allowed by CORS, with credentials; empty: any origin without credentials, or none in production. (`RHIZOME_CORS_ORIGINS`, comma-separated) */
  readonly corsOrigins: readonly string[];
  /** Whether `NODE_ENV=production`: it flips the defaults of `graphiql`, `introspection` and CORS. */
  readonly production: boolean;
  /** Serve GraphiQL on GET. @default true, false in production (`RHIZOME_GRAPHIQL`) */
  readonly graphiql: boolean;
  /** Answer introspection queries. @default true, false in production (`RHIZOME_INTROSPECTION`) */
  readonly introspection: boolean;
  // Operations (docs/design.md §12).
  /** Serve Prometheus metrics on `GET /metrics`. @default true (`RHIZOME_METRICS`) */
  readonly metrics: boolean;
  /** Log one `operation` line per GraphQL operation. @default true (`RHIZOME_ACCESS_LOG`) */
  readonly accessLog: boolean;
  /** How long a shutdown waits for in-flight requests before closing their sockets. @default 10000 (`RHIZOME_SHUTDOWN_TIMEOUT_MS`) */
  readonly shutdownTimeoutMs: number;
  /**
   * OpenTelemetry tracing: `off`, `otlp` (OTLP over HTTP to `OTEL_EXPORTER_OTLP_ENDPOINT`,
   * default http://localhost:4318) or `console`. @default 'off' (`RHIZOME_TRACING`)
   */
  readonly tracing: 'off' | 'otlp' | 'console';
  /** Where `tracing: 'otlp'` sends spans. (`OTEL_EXPORTER_OTLP_ENDPOINT`) */
  readonly otlpEndpoint: string | undefined;
  /** Peering (docs/design.md §7): WebSocket URLs of peers to follow. @default [] (`RHIZOME_PEERS`, comma-separated) */
  readonly peers: readonly string[];
  /** Bearer token sent to every peer. (`RHIZOME_PEER_TOKEN`) */
  readonly peerToken: string | undefined;
  /**
   * Who may read the delta feed (`delta`, `deltas`, `deltaAdded`) when auth is on, on top of the
   * types' read rules; `roles:peer` makes followers show a token with the role `peer`.
   * @default 'public' (`RHIZOME_FEED_READ`: `public`, `authenticated` or `roles:a,b`)
   */
  readonly feedRead: AccessRule;

  // Identity and permissions (docs/design.md §6). Auth is on when `jwtSecret` or `jwksUrl` is set;
  // the JWT settings themselves are documented on `AuthSettings`.
  /** The role that may negate other creators' deltas. @default 'admin' (`RHIZOME_ADMIN_ROLE`) */
  readonly adminRole: string;
  /** How far ahead of this server's clock a client's `timeCreated` may be. @default 300000 (`RHIZOME_MAX_CLOCK_SKEW_MS`) */
  readonly maxClockSkewMs: number;
}

const integer = (raw: string | undefined, name: string, fallback: number): number => {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0)
    throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  return value;
};

const boolean = (raw: string | undefined, name: string, fallback: boolean): boolean => {
  if (raw === undefined || raw === '') return fallback;
  if (['true', '1', 'on'].includes(raw)) return true;
  if (['false', '0', 'off'].includes(raw)) return false;
  throw new Error(`${name} must be true or false, got "${raw}"`);
};

const accessRule = (raw: string | undefined, name: string): AccessRule => {
  if (raw === undefined || raw === '' || raw === 'public') return 'public';
  if (raw === 'authenticated') return raw;
  const roles = raw.startsWith('roles:') ? list(raw.slice('roles:'.length)) : [];
  if (roles.length === 0)
    throw new Error(`${name} must be public, authenticated or roles:<role>[,<role>…], got "${raw}"`);
  return { roles };
};

const tracingMode = (raw: string | undefined): Config['tracing'] => {
  if (raw === undefined || raw === '') return 'off';
  if (raw === 'off' || raw === 'otlp' || raw === 'console') return raw;
  throw new Error(`RHIZOME_TRACING must be off, otlp or console, got "${raw}"`);
};

const list = (raw: string | undefined): string[] =>
  (raw ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');

/** Reads the environment, then applies explicit overrides (CLI flags, tests). */
export function loadConfig(overrides: Partial<Config> = {}, env: NodeJS.ProcessEnv = process.env): Config {
  const base: Config = {
    port: integer(env.PORT, 'PORT', 4000),
    host: env.RHIZOME_HOST || '127.0.0.1',
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: env.RHIZOME_DATA_DIR || DEFAULT_DATA_DIR,
    schemaDir: env.RHIZOME_SCHEMA || 'schema',
    nodeId: env.RHIZOME_NODE_ID || hostname(),
    logLevel: env.LOG_LEVEL || 'info',
    maxDepth: integer(env.RHIZOME_MAX_DEPTH, 'RHIZOME_MAX_DEPTH', 10),
    maxAliases: integer(env.RHIZOME_MAX_ALIASES, 'RHIZOME_MAX_ALIASES', 30),
    maxBodyBytes: integer(env.RHIZOME_MAX_BODY_BYTES, 'RHIZOME_MAX_BODY_BYTES', 1024 * 1024),
    cacheEntities: integer(env.RHIZOME_CACHE_ENTITIES, 'RHIZOME_CACHE_ENTITIES', 100_000),
    cacheBytes: integer(env.RHIZOME_CACHE_BYTES, 'RHIZOME_CACHE_BYTES', 256 * 1024 * 1024),
    ...limitsFrom(env),
    metrics: boolean(env.RHIZOME_METRICS, 'RHIZOME_METRICS', true),
    accessLog: boolean(env.RHIZOME_ACCESS_LOG, 'RHIZOME_ACCESS_LOG', true),
    shutdownTimeoutMs: integer(env.RHIZOME_SHUTDOWN_TIMEOUT_MS, 'RHIZOME_SHUTDOWN_TIMEOUT_MS', 10_000),
    tracing: tracingMode(env.RHIZOME_TRACING),
    otlpEndpoint: env.OTEL_EXPORTER_OTLP_ENDPOINT || undefined,
    peers: (env.RHIZOME_PEERS ?? '')
      .split(',')
      .map((url) => url.trim())
      .filter((url) => url !== ''),
    peerToken: env.RHIZOME_PEER_TOKEN || undefined,
    feedRead: accessRule(env.RHIZOME_FEED_READ, 'RHIZOME_FEED_READ'),
    jwtSecret: env.RHIZOME_JWT_SECRET || undefined,
    jwksUrl: env.RHIZOME_JWKS_URL || undefined,
    jwtIssuer: env.RHIZOME_JWT_ISSUER || undefined,
    jwtAudience: env.RHIZOME_JWT_AUDIENCE || undefined,
    jwtRolesClaim: env.RHIZOME_JWT_ROLES_CLAIM || 'roles',
    adminRole: env.RHIZOME_ADMIN_ROLE || 'admin',
    maxClockSkewMs: integer(env.RHIZOME_MAX_CLOCK_SKEW_MS, 'RHIZOME_MAX_CLOCK_SKEW_MS', 300_000),
  };
  const defined = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined));
  return { ...base, ...defined };
}

/** The limits and production block of the config (docs/design.md §6). */
function limitsFrom(env: NodeJS.ProcessEnv) {
  const production = env.NODE_ENV === 'production';
  return {
    maxTokens: integer(env.RHIZOME_MAX_TOKENS, 'RHIZOME_MAX_TOKENS', 5000),
    maxCost: integer(env.RHIZOME_MAX_COST, 'RHIZOME_MAX_COST', 100_000),
    listCost: integer(env.RHIZOME_LIST_COST, 'RHIZOME_LIST_COST', 10),
    rateLimit: integer(env.RHIZOME_RATE_LIMIT, 'RHIZOME_RATE_LIMIT', 6000),
    rateWindowMs: integer(env.RHIZOME_RATE_WINDOW_MS, 'RHIZOME_RATE_WINDOW_MS', 60_000),
    maxConnections: integer(env.RHIZOME_MAX_CONNECTIONS, 'RHIZOME_MAX_CONNECTIONS', 1000),
    maxSubscriptions: integer(env.RHIZOME_MAX_SUBSCRIPTIONS, 'RHIZOME_MAX_SUBSCRIPTIONS', 100),
    maxWsBufferBytes: integer(
      env.RHIZOME_MAX_WS_BUFFER_BYTES,
      'RHIZOME_MAX_WS_BUFFER_BYTES',
      4 * 1024 * 1024,
    ),
    wsKeepAliveMs: integer(env.RHIZOME_WS_KEEPALIVE_MS, 'RHIZOME_WS_KEEPALIVE_MS', 30_000),
    headersTimeoutMs: integer(env.RHIZOME_HEADERS_TIMEOUT_MS, 'RHIZOME_HEADERS_TIMEOUT_MS', 10_000),
    requestTimeoutMs: integer(env.RHIZOME_REQUEST_TIMEOUT_MS, 'RHIZOME_REQUEST_TIMEOUT_MS', 30_000),
    idleTimeoutMs: integer(env.RHIZOME_IDLE_TIMEOUT_MS, 'RHIZOME_IDLE_TIMEOUT_MS', 30_000),
    operationTimeoutMs: integer(env.RHIZOME_OPERATION_TIMEOUT_MS, 'RHIZOME_OPERATION_TIMEOUT_MS', 10_000),
    corsOrigins: list(env.RHIZOME_CORS_ORIGINS),
    production,
    graphiql: boolean(env.RHIZOME_GRAPHIQL, 'RHIZOME_GRAPHIQL', !production),
    introspection: boolean(env.RHIZOME_INTROSPECTION, 'RHIZOME_INTROSPECTION', !production),
  };
}
