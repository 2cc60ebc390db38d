import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import initSqlJs, { type SqlJsStatic } from 'sql.js';

const require = createRequire(import.meta.url);
let engine: Promise<SqlJsStatic> | undefined;

/**
 * How much sql.js's WebAssembly memory may still grow. sql.js has no sqlite3_limit, progress
 * handler or heap limit, and `||`, printf, group_concat or a recursive query can each build a
 * value of any size; but every byte SQLite allocates beyond what the memory already holds comes
 * from growing it, and growing goes through one function emscripten imports from JavaScript.
 * Refusing it makes SQLite's malloc fail, so the statement ends with SQLITE_NOMEM, whatever built it.
 */
export interface SqlMemory {
  /** From now on the memory may grow by at most `bytes` (Infinity lifts the bound). */
  allow(bytes: number): void;
  /** True when a growth was refused since the last `allow`. */
  readonly refused: boolean;
}

let ceiling = Infinity;
let refused = false;
let memory: WebAssembly.Memory | undefined;

export const sqlMemory: SqlMemory = {
  allow(bytes) {
    ceiling = (memory?.buffer.byteLength ?? 0) + bytes;
    refused = false;
  },
  get refused() {
    return refused;
  },
};

/** Wraps emscripten's heap-resize import, found by what it does (it calls `.grow(`): the names are minified. */
function boundResize(imports: WebAssembly.Imports) {
  const env = Object.values(imports)[0] as Record<string, unknown>;
  const names = Object.keys(env).filter((name) => typeof env[name] === 'function' && /\.grow\(/.test(String(env[name])));
  if (names.length !== 1) throw new Error(`sql.js: expected one heap-resize import, found ${names.length}`);
  const resize = env[names[0]!] as (size: number) => number | boolean;
  env[names[0]!] = (size: number) => {
    if (size >>> 0 > ceiling) {
      refused = true;
      return 0;
    }
    return resize(size);
  };
}

/** sql.js for this thread, loaded once from node_modules (no network), its memory growth bounded by `sqlMemory`. */
export function loadSqlEngine(): Promise<SqlJsStatic> {
  engine ??= readFile(require.resolve('sql.js/dist/sql-wasm.wasm'))
    .then((bytes) => WebAssembly.compile(bytes))
    .then((module) =>
      initSqlJs({
        instantiateWasm(imports: WebAssembly.Imports, done: (instance: WebAssembly.Instance) => void) {
          boundResize(imports);
          void WebAssembly.instantiate(module, imports).then((instance) => {
            memory = Object.values(instance.exports).find((value): value is WebAssembly.Memory => value instanceof WebAssembly.Memory);
            done(instance);
          });
          return {};
        },
      } as Parameters<typeof initSqlJs>[0]),
    );
  return engine;
}
