import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { newQuickJSWASMModuleFromVariant, newVariant, type QuickJSWASMModule } from 'quickjs-emscripten-core';
import releaseSyncVariant from '@jitl/quickjs-wasmfile-release-sync';

const WASM_PAGE = 64 * 1024;
/** The QuickJS build starts with 16 MiB of linear memory; the learner's budget comes on top. */
const BASE_MEMORY = 16 * 1024 * 1024;

const require = createRequire(import.meta.url);
let compiled: Promise<WebAssembly.Module> | undefined;

/** Compiled once per thread, so a fresh engine costs an instantiation, not a compilation. */
function compiledQuickJS(): Promise<WebAssembly.Module> {
  compiled ??= readFile(require.resolve('@jitl/quickjs-wasmfile-release-sync/wasm')).then((bytes) => WebAssembly.compile(bytes));
  return compiled;
}

/**
 * A QuickJS engine whose WebAssembly memory cannot grow past `BASE_MEMORY + memoryBytes`.
 * QuickJS's own memory limit does not see allocations in this build, so the bounded
 * WebAssembly.Memory is what ends a memory bomb ("out of memory" inside the guest).
 */
export async function newBoundedQuickJS(memoryBytes: number): Promise<QuickJSWASMModule> {
  const initial = BASE_MEMORY / WASM_PAGE;
  const maximum = initial + Math.ceil(memoryBytes / WASM_PAGE);
  const memory = new WebAssembly.Memory({ initial, maximum });
  const variant = newVariant(releaseSyncVariant, { wasmModule: await compiledQuickJS(), wasmMemory: memory });
  const quickjs = await newQuickJSWASMModuleFromVariant(variant);
  limits.set(quickjs, { memory, maximumBytes: maximum * WASM_PAGE });
  return quickjs;
}

const limits = new WeakMap<QuickJSWASMModule, { memory: WebAssembly.Memory; maximumBytes: number }>();

/**
 * True when the engine's memory has grown close to its bound (90%). QuickJS can swallow an
 * allocation failure inside a promise job (the job just ends), so a nearly full memory is how the
 * host learns of it; the failing allocation may have been larger than what was left.
 */
export function memoryExhausted(quickjs: QuickJSWASMModule, share = 0.9): boolean {
  const bound = limits.get(quickjs);
  return bound !== undefined && bound.memory.buffer.byteLength >= bound.maximumBytes * share;
}

/** The engine's WebAssembly memory now: it only grows, so growth during a request is what the request took. */
export function memorySize(quickjs: QuickJSWASMModule): number {
  return limits.get(quickjs)?.memory.buffer.byteLength ?? 0;
}

/** What the engine's WebAssembly memory may still grow by before it reaches its bound. */
export function memoryHeadroom(quickjs: QuickJSWASMModule): number {
  const bound = limits.get(quickjs);
  return bound ? bound.maximumBytes - bound.memory.buffer.byteLength : 0;
}
