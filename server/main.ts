import { fileURLToPath } from 'node:url';
import { configFromEnv } from './config.js';
import { startGudang } from './gudang.js';

// Built to dist/server/main.js: lessons and the web UI sit relative to the project root.
const root = fileURLToPath(new URL('../../', import.meta.url));
const config = configFromEnv(process.env, `${root}lessons`);
const gudang = await startGudang(config, {
  workerUrl: new URL('./sandbox-worker.js', import.meta.url),
  webDir: `${root}dist/web`,
});
for (const problem of gudang.catalog.problems) console.warn(`lesson problem: ${problem.message}`);
console.log(`Gudang is running at ${gudang.url} (${gudang.catalog.summaries().length} lessons)`);
if (config.watchLessons) console.log(`Lesson reload is on: saving a file in ${config.lessonsDir} reloads its lesson`);

const stop = () => void gudang.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
