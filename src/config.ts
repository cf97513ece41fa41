import { hostname } from 'node:os';
import type { AuthSettings } from './auth/authenticator.js';
import { DEFAULT_DATA_DIR } from './store/default-data-dir.js';

/** Everything a Rhizome instance can be told. The only module that reads `process.env`. */
export interface Config extends AuthSettings {
  /** HTTP and WebSocket port. @default 4000 (`PORT`) */
  readonly port: number;
  /** Interface to bind. @default '0.0.0.0' (`HOST`) */
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

  // Identity and permissions (docs/design.md §6). Auth is on when `jwtSecret` or `jwksUrl` is set;
  // the JWT settings themselves are documented on `AuthSettings`.
  /** The role that may negate other creators' deltas. @default 'admin' (`RHIZOME_ADMIN_ROLE`) */
  readonly adminRole: string;
  /** How far ahead of this server's clock a client's `timeCreated` may be. @default 300000 (`RHIZOME_MAX_CLOCK_SKEW_MS`) */
  readonly maxClockSkewMs: number;
  /** `NODE_ENV=production`: an open (auth off) server says so once at start. */
  readonly production: boolean;
}

const integer = (raw: string | undefined, name: string, fallback: number): number => {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0)
    throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  return value;
};

/** Reads the environment, then applies explicit overrides (CLI flags, tests). */
export function loadConfig(overrides: Partial<Config> = {}, env: NodeJS.ProcessEnv = process.env): Config {
  const base: Config = {
    port: integer(env.PORT, 'PORT', 4000),
    host: env.HOST || '0.0.0.0',
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: env.RHIZOME_DATA_DIR || DEFAULT_DATA_DIR,
    schemaDir: env.RHIZOME_SCHEMA || 'schema',
    nodeId: env.RHIZOME_NODE_ID || hostname(),
    logLevel: env.LOG_LEVEL || 'info',
    maxDepth: integer(env.RHIZOME_MAX_DEPTH, 'RHIZOME_MAX_DEPTH', 10),
    maxAliases: integer(env.RHIZOME_MAX_ALIASES, 'RHIZOME_MAX_ALIASES', 30),
    maxBodyBytes: integer(env.RHIZOME_MAX_BODY_BYTES, 'RHIZOME_MAX_BODY_BYTES', 1024 * 1024),
    cacheEntities: integer(env.RHIZOME_CACHE_ENTITIES, 'RHIZOME_CACHE_ENTITIES', 100_000),
    jwtSecret: env.RHIZOME_JWT_SECRET || undefined,
    jwksUrl: env.RHIZOME_JWKS_URL || undefined,
    jwtIssuer: env.RHIZOME_JWT_ISSUER || undefined,
    jwtAudience: env.RHIZOME_JWT_AUDIENCE || undefined,
    jwtRolesClaim: env.RHIZOME_JWT_ROLES_CLAIM || 'roles',
    adminRole: env.RHIZOME_ADMIN_ROLE || 'admin',
    maxClockSkewMs: integer(env.RHIZOME_MAX_CLOCK_SKEW_MS, 'RHIZOME_MAX_CLOCK_SKEW_MS', 300_000),
    production: env.NODE_ENV === 'production',
  };
  const defined = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined));
  return { ...base, ...defined };
}
