import { availableParallelism } from 'node:os';
import { DEFAULT_LIMITS, type SandboxLimits } from './sandbox/sandbox-types.js';

export interface GudangConfig {
  port: number;
  lessonsDir: string;
  /** Idle sessions are removed after this long. @default 30 minutes */
  sessionIdleMs: number;
  /** Traces kept per session, newest first. @default 50 */
  traceLimit: number;
  /** Sandbox worker threads for everyone (one more hosts offenders). @default the number of cores (at least 2) */
  workers: number;
  /** Largest request body the learner's app accepts. @default 1 MiB */
  requestBodyBytes: number;
  /** GUDANG_PEERS: nginx's upstream entries, comma-separated, in order and as written there. @default none */
  peers: string[];
  /** GUDANG_SELF: this instance's entry among `peers`; with both, new session ids hash to this instance (server/cluster). */
  self?: string;
  limits: SandboxLimits;
}

const MB = 1024 * 1024;

const int = (value: string | undefined, fallback: number) => {
  const n = Number(value);
  return value !== undefined && value !== '' && Number.isFinite(n) && n > 0 ? Math.floor(n) : fallback;
};

/** Configuration from the environment; every value has a default suited to one classroom. */
export function configFromEnv(env: NodeJS.ProcessEnv, lessonsDir: string): GudangConfig {
  return {
    port: int(env.PORT, 3000),
    lessonsDir: env.GUDANG_LESSONS ?? lessonsDir,
    // GUDANG_SESSION_IDLE_MS (milliseconds) is for load tests that need sessions to expire within a run.
    sessionIdleMs: int(env.GUDANG_SESSION_IDLE_MS, int(env.GUDANG_SESSION_IDLE_MINUTES, 30) * 60_000),
    traceLimit: int(env.GUDANG_TRACE_LIMIT, 50),
    workers: int(env.GUDANG_WORKERS, Math.max(2, availableParallelism())),
    requestBodyBytes: int(env.GUDANG_REQUEST_BODY_BYTES, 1024 * 1024),
    peers: (env.GUDANG_PEERS ?? '').split(',').map((p) => p.trim()).filter(Boolean),
    self: env.GUDANG_SELF?.trim() || undefined,
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
