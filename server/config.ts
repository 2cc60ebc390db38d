import { availableParallelism } from 'node:os';
import type { HeaderLimits } from './http/response-headers.js';
import { resolve } from 'node:path';
import { DEFAULT_LIMITS, type SandboxLimits } from './sandbox/sandbox-types.js';
import type { StoreConfig } from './store/open-store.js';

export interface GudangConfig {
  port: number;
  /** HOST: the address to listen on (127.0.0.1 behind nginx on the same machine). @default 0.0.0.0 */
  host: string;
  /** GUDANG_PUBLIC_URL: how clients reach this server, for the sandbox URLs it hands out. @default http://localhost:<port> */
  publicUrl?: string;
  /**
   * GUDANG_TRUST_PROXY: Express's `trust proxy` (true, a hop count, or addresses). When set, the
   * sandbox URL is built from Host and X-Forwarded-Proto/-Host, which only a proxy can vouch for.
   */
  trustProxy?: boolean | number | string;
  /** Response headers of the learner's app (GUDANG_RESPONSE_HEADERS, GUDANG_RESPONSE_HEADERS_KB). */
  responseHeaders: HeaderLimits;
  /** One trace's JSON. @default 256 KiB */
  traceBytes: number;
  /** All the traces a session keeps, together; the oldest go first. @default 2 MiB */
  traceListBytes: number;
  lessonsDir: string;
  /** Idle sessions are removed after this long. @default 30 minutes */
  sessionIdleMs: number;
  /** Traces kept per session, newest first. @default 50 */
  traceLimit: number;
  /** Sandbox worker threads for everyone (one more hosts offenders). @default the number of cores (at least 2) */
  workers: number;
  /**
   * Apps each worker keeps loaded (GUDANG_RESIDENT_APPS). Loading one costs ~18 ms and a loaded one
   * ~0.3 MB (half again with its garbage), so a school's sessions all stay loaded; past it the least recently used load again. @default 1000
   */
  residentApps: number;
  /** Largest request body the learner's app accepts. @default 1 MiB */
  requestBodyBytes: number;
  /** GUDANG_PEERS: nginx's upstream entries, comma-separated, in order and as written there. @default none */
  peers: string[];
  /** GUDANG_SELF: this instance's entry among `peers`; with both, new session ids hash to this instance (server/cluster). */
  self?: string;
  limits: SandboxLimits;
  /**
   * DATABASE_URL=postgres://… keeps classes, progress and sessions in PostgreSQL (shared by several
   * instances); otherwise GUDANG_DATA_DIR/gudang.sqlite. @default ./data/gudang.sqlite
   */
  store: StoreConfig;
  /** GUDANG_IMAGE_SAVE_MS: a session's database is written to the store at most once per this long. @default 1000 */
  imageSaveMs: number;
  /** GUDANG_SESSION_RETENTION_DAYS: a session of no class is deleted from the store after this long unused. @default 30 days */
  sessionRetentionMs: number;
  /** GUDANG_WATCH_LESSONS=1 (set by `npm run dev`): edited lesson files reload at once. @default off */
  watchLessons: boolean;
}

const MB = 1024 * 1024;

const int = (value: string | undefined, fallback: number) => {
  const n = Number(value);
  return value !== undefined && value !== '' && Number.isFinite(n) && n > 0 ? Math.floor(n) : fallback;
};

/** GUDANG_TRUST_PROXY as Express's `trust proxy` takes it: true/false, a hop count, or a list of addresses. */
function trustProxy(value: string | undefined): GudangConfig['trustProxy'] {
  const text = value?.trim();
  if (!text || /^(0|false|no|off)$/i.test(text)) return undefined;
  if (/^(1|true|yes|on)$/i.test(text)) return true;
  return /^\d+$/.test(text) ? Number(text) : text;
}

function storeFromEnv(env: NodeJS.ProcessEnv): StoreConfig {
  const url = env.DATABASE_URL?.trim();
  if (!url) return { engine: 'sqlite', file: resolve(env.GUDANG_DATA_DIR || 'data', 'gudang.sqlite') };
  if (!/^postgres(ql)?:\/\//.test(url)) throw new Error('DATABASE_URL must be a postgres:// (or postgresql://) URL; leave it unset to keep the data in GUDANG_DATA_DIR/gudang.sqlite');
  return { engine: 'postgres', url };
}

/** Configuration from the environment; every value has a default suited to one classroom. */
export function configFromEnv(env: NodeJS.ProcessEnv, lessonsDir: string): GudangConfig {
  return {
    port: int(env.PORT, 3000),
    host: env.HOST?.trim() || '0.0.0.0',
    publicUrl: env.GUDANG_PUBLIC_URL?.trim().replace(/\/+$/, '') || undefined,
    trustProxy: trustProxy(env.GUDANG_TRUST_PROXY),
    responseHeaders: { count: int(env.GUDANG_RESPONSE_HEADERS, 100), bytes: int(env.GUDANG_RESPONSE_HEADERS_KB, 16) * 1024 },
    traceBytes: int(env.GUDANG_TRACE_KB, 256) * 1024,
    traceListBytes: int(env.GUDANG_TRACE_LIST_KB, 2048) * 1024,
    lessonsDir: env.GUDANG_LESSONS ?? lessonsDir,
    // GUDANG_SESSION_IDLE_MS (milliseconds) is for load tests that need sessions to expire within a run.
    sessionIdleMs: int(env.GUDANG_SESSION_IDLE_MS, int(env.GUDANG_SESSION_IDLE_MINUTES, 30) * 60_000),
    traceLimit: int(env.GUDANG_TRACE_LIMIT, 50),
    workers: int(env.GUDANG_WORKERS, Math.max(2, availableParallelism())),
    residentApps: int(env.GUDANG_RESIDENT_APPS, 1000),
    requestBodyBytes: int(env.GUDANG_REQUEST_BODY_BYTES, 1024 * 1024),
    peers: (env.GUDANG_PEERS ?? '')
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean),
    self: env.GUDANG_SELF?.trim() || undefined,
    store: storeFromEnv(env),
    imageSaveMs: int(env.GUDANG_IMAGE_SAVE_MS, 1000),
    sessionRetentionMs: int(env.GUDANG_SESSION_RETENTION_DAYS, 30) * 24 * 60 * 60_000,
    watchLessons: env.GUDANG_WATCH_LESSONS === '1',
    limits: {
      timeoutMs: int(env.GUDANG_TIMEOUT_MS, DEFAULT_LIMITS.timeoutMs),
      memoryBytes: int(env.GUDANG_MEMORY_MB, DEFAULT_LIMITS.memoryBytes / MB) * MB,
      responseBytes: int(env.GUDANG_RESPONSE_KB, DEFAULT_LIMITS.responseBytes / 1024) * 1024,
      logBytes: int(env.GUDANG_LOG_KB, DEFAULT_LIMITS.logBytes / 1024) * 1024,
      queriesPerRequest: int(env.GUDANG_QUERIES_PER_REQUEST, DEFAULT_LIMITS.queriesPerRequest),
      rowsPerQuery: int(env.GUDANG_ROWS_PER_QUERY, DEFAULT_LIMITS.rowsPerQuery),
      sqlValueBytes: int(env.GUDANG_SQL_VALUE_KB, DEFAULT_LIMITS.sqlValueBytes / 1024) * 1024,
      queryResultBytes: int(env.GUDANG_QUERY_RESULT_KB, DEFAULT_LIMITS.queryResultBytes / 1024) * 1024,
      sqlMemoryBytes: int(env.GUDANG_SQL_MEMORY_MB, DEFAULT_LIMITS.sqlMemoryBytes / MB) * MB,
      databaseBytes: int(env.GUDANG_DATABASE_MB, DEFAULT_LIMITS.databaseBytes / MB) * MB,
    },
  };
}
