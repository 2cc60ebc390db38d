import { newBoundedQuickJS } from '../server/sandbox/quickjs-module.js';
import { GUEST_LIBRARY } from '../server/sandbox/guest-library.js';
const q = await newBoundedQuickJS(64 << 20);
for (let i = 0; i < 5; i++) {
  const rt = q.newRuntime(); const ctx = rt.newContext();
  let t = performance.now();
  const r1 = ctx.evalCode(`(function(){${GUEST_LIBRARY}\n})`, 'x.js', { compileOnly: true } as any);
  const tc = performance.now() - t;
  r1.error ? r1.error.dispose() : r1.value.dispose();
  t = performance.now();
  const r = ctx.evalCode(`(function(){${GUEST_LIBRARY}\n return 1})()`, 'x.js');
  const te = performance.now() - t;
  r.error ? (console.log(ctx.dump(r.error)), r.error.dispose()) : r.value.dispose();
  t = performance.now();
  const r3 = ctx.evalCode(`(function(){ return 1})()`, 'y.js');
  r3.error ? r3.error.dispose() : r3.value.dispose();
  console.log('compile', tc.toFixed(1), 'eval', te.toFixed(1), 'trivial', (performance.now() - t).toFixed(2), 'len', GUEST_LIBRARY.length);
  ctx.dispose(); rt.dispose();
}
