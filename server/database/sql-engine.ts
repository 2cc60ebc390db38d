import { createRequire } from 'node:module';
import initSqlJs, { type SqlJsStatic } from 'sql.js';

const require = createRequire(import.meta.url);
let engine: Promise<SqlJsStatic> | undefined;

/** sql.js for this thread, loaded once from node_modules (no network). */
export function loadSqlEngine(): Promise<SqlJsStatic> {
  engine ??= initSqlJs({ locateFile: () => require.resolve('sql.js/dist/sql-wasm.wasm') });
  return engine;
}
