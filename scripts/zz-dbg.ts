import { newBoundedQuickJS } from '/work/wt/express/server/sandbox/quickjs-module.js';
import { SandboxApp } from '/work/wt/express/server/sandbox/sandbox-app.js';
import { DEFAULT_LIMITS } from '/work/wt/express/server/sandbox/sandbox-types.js';
const q = await newBoundedQuickJS(64 << 20);
const host = { query: () => ({ columns: ['n'], rows: [{ n: 42 }], rowsAffected: 0 }), hash: (p: string) => p, verify: () => true, service: () => ({ ok: true, response: {}, latencyMs: 1 }) } as any;
const { app, startup } = SandboxApp.load(q, process.argv[2]!, DEFAULT_LIMITS, host);
if (!app) { console.log(JSON.stringify(startup)); process.exit(); }
const r = app.handle({ method: 'GET', url: process.argv[3] ?? '/', path: '/', query: {}, headers: {} }, host, DEFAULT_LIMITS);
console.log(JSON.stringify(r).slice(0, 1500));
