import { newBoundedQuickJS } from '../server/sandbox/quickjs-module.js';
import { SandboxApp } from '../server/sandbox/sandbox-app.js';
import { DEFAULT_LIMITS } from '../server/sandbox/sandbox-types.js';
const q = await newBoundedQuickJS(64 << 20);
const host = { query: () => ({ columns: [], rows: [{ id: 1 }], rowsAffected: 0 }), hash: (p: string) => p, verify: () => true, service: () => ({ ok: true, response: {}, latencyMs: 1 }) } as any;
const code = "app.get('/api/products/:id', (req, res) => { const p = db.get('SELECT 1', [req.params.id]); res.json(p); });";
for (let i = 0; i < 3; i++) {
  const t = performance.now();
  const { app, startup } = SandboxApp.load(q, code, DEFAULT_LIMITS, host);
  const t1 = performance.now();
  if (!app) { console.log(JSON.stringify(startup)); break; }
  let r;
  const t2 = performance.now();
  for (let j = 0; j < 200; j++) r = app.handle({ method: 'GET', url: '/api/products/1', path: '/api/products/1', query: {}, headers: {} }, host, DEFAULT_LIMITS);
  const t3 = performance.now();
  console.log('load', (t1 - t).toFixed(2), 'ms; request', ((t3 - t2) / 200).toFixed(3), 'ms', JSON.stringify(r!.events).slice(0, 600));
  app.dispose();
}
