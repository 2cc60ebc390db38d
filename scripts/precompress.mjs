// Writes a .br and a .gz beside every built text asset, so the server sends them compressed without
// compressing on each request (express-static-gzip picks one by Accept-Encoding).
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

const DIST = 'dist/web';
const COMPRESSIBLE = /\.(js|mjs|css|html|svg|json|ttf|txt|wasm|map)$/;
/** Below this, compression saves less than the header costs. */
const MIN_BYTES = 1024;

const brotli = promisify(brotliCompress);
const gz = promisify(gzip);

function* files(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else if (COMPRESSIBLE.test(entry.name) && statSync(path).size >= MIN_BYTES) yield path;
  }
}

let before = 0;
let afterBr = 0;
await Promise.all(
  [...files(DIST)].map(async (path) => {
    const source = readFileSync(path);
    const [br, gzipped] = await Promise.all([brotli(source, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: source.length } }), gz(source, { level: 9 })]);
    writeFileSync(`${path}.br`, br);
    writeFileSync(`${path}.gz`, gzipped);
    before += source.length;
    afterBr += br.length;
  }),
);
console.log(`precompressed ${DIST}: ${(before / 1024).toFixed(0)} KB → ${(afterBr / 1024).toFixed(0)} KB brotli`);
