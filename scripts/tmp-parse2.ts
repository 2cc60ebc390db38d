import { newBoundedQuickJS } from '../server/sandbox/quickjs-module.js';
import { readFileSync } from 'node:fs';
const q = await newBoundedQuickJS(64 << 20);
const pieces: Record<string, string> = {
  mimeString: 'var x = ' + JSON.stringify(JSON.stringify({ a: 'x'.repeat(42000) })),
  buffer: readFileSync('node_modules/buffer/index.js', 'utf8'),
  pathToRegexp: readFileSync('node_modules/path-to-regexp/dist/index.js', 'utf8'),
  router: readFileSync('node_modules/router/index.js', 'utf8'),
  blank: 'var a = 1;\n'.repeat(5000),
};
for (let round = 0; round < 3; round++) {
  for (const [name, code] of Object.entries(pieces)) {
    const rt = q.newRuntime(); const ctx = rt.newContext();
    const t = performance.now();
    const r = ctx.evalCode(`(function(module, exports, require){${code}\n})`, 'x.js', { compileOnly: true } as any);
    const dt = performance.now() - t;
    r.error ? r.error.dispose() : r.value.dispose();
    if (round === 2) console.log(name, code.length, dt.toFixed(2), 'ms');
    ctx.dispose(); rt.dispose();
  }
}
