import { newBoundedQuickJS } from '../server/sandbox/quickjs-module.js';
import { GUEST_PRELUDE } from '../server/sandbox/guest-prelude.js';
const q = await newBoundedQuickJS(64 << 20);
const rt = q.newRuntime(); const ctx = rt.newContext();
const h = ctx.newFunction('__host', (op, p) => { const o = ctx.getString(op); const pl = ctx.getString(p); if (o !== 'enter' && o !== 'leave') console.log('host', o, pl.slice(0, 300)); return ctx.newString(o === 'enter' ? '1' : 'null'); });
ctx.setProp(ctx.global, '__host', h); h.dispose();
const g = ctx.unwrapResult(ctx.evalCode(GUEST_PRELUDE, 'prelude.js'));
ctx.setProp(ctx.global, 'G', g);
ctx.unwrapResult(ctx.evalCode(process.argv[2] ?? "app.get('/x/:id', (req, res) => res.json({p: req.params, path: req.path}))", 'handler.js')).dispose();
const r = ctx.evalCode(`try { G.dispatch(JSON.stringify({ request: { method: 'GET', url: ${JSON.stringify(process.argv[3] ?? '/x/1')}, headers: {}, query: {} }, responseBytes: 1e6 })); 'ok' } catch (e) { e.stack }`, 'run.js');
console.log(ctx.dump(ctx.unwrapResult(r)));
while (rt.hasPendingJob()) { const j = rt.executePendingJobs(); if (j.error) { console.log('job error', ctx.dump(j.error)); j.error.dispose(); } }
