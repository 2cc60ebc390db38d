import { newBoundedQuickJS } from '../server/sandbox/quickjs-module.js';
import { SandboxApp } from '../server/sandbox/sandbox-app.js';
import { DEFAULT_LIMITS } from '../server/sandbox/sandbox-types.js';
const q = await newBoundedQuickJS(DEFAULT_LIMITS.memoryBytes + 16 * 1024 * 1024);
const host = { query: () => ({ columns: [], rows: [{ id: 1 }], rowsAffected: 0 }), hash: (p: string) => p, verify: () => true, service: () => ({ ok: true, response: {}, latencyMs: 1 }) } as any;
const code = process.argv[2]!;
const { app, startup } = SandboxApp.load(q, code, DEFAULT_LIMITS, host);
if (!app) { console.log(JSON.stringify(startup)); process.exit(); }
const t = performance.now();
const r = app.handle({ method: 'GET', url: '/', path: '/', query: {}, headers: {} }, host, DEFAULT_LIMITS);
console.log((performance.now() - t).toFixed(0), 'ms', JSON.stringify(r.outcome), JSON.stringify(r.events.map((e: any) => e.type + ':' + (e.message ?? ''))));
