// Reports the gzip size of what the first screen loads (index.html's scripts and styles and their
// static imports, from Vite's manifest) and fails above the budget. Monaco loads lazily, outside it.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const DIST = 'dist/web';
const BUDGET_KB = 250;
const manifest = JSON.parse(readFileSync(`${DIST}/.vite/manifest.json`, 'utf8'));

const files = new Set();
const visit = (key) => {
  const chunk = manifest[key];
  if (!chunk || files.has(chunk.file)) return;
  files.add(chunk.file);
  for (const css of chunk.css ?? []) files.add(css);
  for (const imported of chunk.imports ?? []) visit(imported);
};
for (const [key, chunk] of Object.entries(manifest)) if (chunk.isEntry) visit(key);

let total = 0;
for (const file of [...files].sort()) {
  const kb = gzipSync(readFileSync(`${DIST}/${file}`)).length / 1024;
  total += kb;
  console.log(`${kb.toFixed(1).padStart(8)} KB  ${file}`);
}
console.log(`${total.toFixed(1).padStart(8)} KB  first screen, gzip (budget ${BUDGET_KB} KB)`);
if (total > BUDGET_KB) {
  console.error(`The first screen is over its budget of ${BUDGET_KB} KB gzip: load more lazily.`);
  process.exit(1);
}
