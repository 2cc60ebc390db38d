import { execFileSync } from 'node:child_process';

/** Tests drive the bundled sandbox worker, so the server bundle must match the sources. */
export default function setup() {
  execFileSync(process.execPath, ['scripts/build-server.mjs'], { stdio: 'inherit' });
}
