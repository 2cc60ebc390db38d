import { describe, expect, it } from 'vitest';
import { configFromEnv } from '../../server/config.js';
import { DEFAULT_LIMITS } from '../../server/sandbox/sandbox-types.js';

describe('configuration from the environment', () => {
  it('has classroom defaults', () => {
    const config = configFromEnv({}, '/lessons');
    expect(config).toMatchObject({
      port: 3000,
      lessonsDir: '/lessons',
      sessionIdleMs: 30 * 60_000,
      traceLimit: 50,
      requestBodyBytes: 1024 * 1024,
      host: '0.0.0.0',
      responseHeaders: { count: 100, bytes: 16 * 1024 },
      traceBytes: 256 * 1024,
      traceListBytes: 2 * 1024 * 1024,
    });
    expect(config.publicUrl).toBeUndefined();
    expect(config.trustProxy).toBeUndefined();
    expect(config.limits).toEqual(DEFAULT_LIMITS);
    expect(config.workers).toBeGreaterThanOrEqual(2);
  });

  it('reads every limit, and ignores values that are not positive numbers', () => {
    const config = configFromEnv(
      {
        PORT: '8080',
        GUDANG_TIMEOUT_MS: '250',
        GUDANG_MEMORY_MB: '16',
        GUDANG_RESPONSE_KB: '64',
        GUDANG_LOG_KB: '8',
        GUDANG_QUERIES_PER_REQUEST: '20',
        GUDANG_ROWS_PER_QUERY: '100',
        GUDANG_SQL_VALUE_KB: '32',
        GUDANG_QUERY_RESULT_KB: '512',
        GUDANG_SQL_MEMORY_MB: '24',
        GUDANG_DATABASE_MB: '4',
        GUDANG_TRACE_LIMIT: 'lots',
        GUDANG_WORKERS: '-1',
        GUDANG_RESPONSE_HEADERS: '20',
        GUDANG_RESPONSE_HEADERS_KB: '4',
        GUDANG_TRACE_KB: '64',
        GUDANG_TRACE_LIST_KB: '512',
        HOST: '127.0.0.1',
        GUDANG_PUBLIC_URL: 'https://gudang.sekolah.id/',
        GUDANG_TRUST_PROXY: 'loopback',
      },
      '/lessons',
    );
    expect(config.port).toBe(8080);
    expect(config.limits).toEqual({
      timeoutMs: 250,
      memoryBytes: 16 * 1024 * 1024,
      responseBytes: 64 * 1024,
      logBytes: 8 * 1024,
      queriesPerRequest: 20,
      rowsPerQuery: 100,
      sqlValueBytes: 32 * 1024,
      queryResultBytes: 512 * 1024,
      sqlMemoryBytes: 24 * 1024 * 1024,
      databaseBytes: 4 * 1024 * 1024,
    });
    expect(config).toMatchObject({
      host: '127.0.0.1',
      publicUrl: 'https://gudang.sekolah.id',
      trustProxy: 'loopback',
      responseHeaders: { count: 20, bytes: 4096 },
      traceBytes: 64 * 1024,
      traceListBytes: 512 * 1024,
    });
    expect(config.traceLimit).toBe(50);
    expect(config.workers).toBeGreaterThanOrEqual(2);
  });

  it('keeps the data in ./data/gudang.sqlite by default, in GUDANG_DATA_DIR when set, and in PostgreSQL with a postgres:// DATABASE_URL', () => {
    expect(configFromEnv({}, '/lessons').store).toEqual({ engine: 'sqlite', file: `${process.cwd()}/data/gudang.sqlite` });
    expect(configFromEnv({ GUDANG_DATA_DIR: '/srv/gudang' }, '/lessons').store).toEqual({ engine: 'sqlite', file: '/srv/gudang/gudang.sqlite' });
    expect(configFromEnv({ DATABASE_URL: 'postgres://gudang@db/gudang' }, '/lessons').store).toEqual({ engine: 'postgres', url: 'postgres://gudang@db/gudang' });
    expect(configFromEnv({ DATABASE_URL: 'postgresql://db/x' }, '/lessons').store.engine).toBe('postgres');
    expect(() => configFromEnv({ DATABASE_URL: 'mysql://db/x' }, '/lessons')).toThrow(/DATABASE_URL must be a postgres/);
    expect(configFromEnv({}, '/lessons')).toMatchObject({ imageSaveMs: 1000, sessionRetentionMs: 30 * 24 * 60 * 60_000 });
  });
});
