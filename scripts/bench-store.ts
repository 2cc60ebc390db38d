/**
 * `npm run bench:store`: how long one write of a session's database image takes in each store
 * (the write that follows a learner's committed change, at most once a second per session), and
 * how long the private PostgreSQL of the tests takes to start. Writes bench-results/store.json.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadSqlEngine } from '../server/database/sql-engine.js';
import { LessonCatalog } from '../server/lessons/lesson-catalog.js';
import type { DataStore } from '../server/store/data-store.js';
import { openStore } from '../server/store/open-store.js';
import { startTestPostgres } from './lib/postgres.js';
import { median, percentile, writeReport } from './lib/processes.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const WRITES = 500;
const SESSIONS = 50;

async function measure(store: DataStore, image: Uint8Array) {
  for (let s = 0; s < SESSIONS; s++) await store.saveSession({ id: `bench-${s}`, studentId: null, lessonId: 'bench', code: '// bench', lastSeenAt: 0, createdAt: 0 });
  const ms: number[] = [];
  for (let i = 0; i < WRITES; i++) {
    const started = performance.now();
    await store.saveImage(`bench-${i % SESSIONS}`, image, Date.now());
    ms.push(performance.now() - started);
  }
  return { writes: WRITES, p50Ms: median(ms), p99Ms: percentile(ms, 99) };
}

const started = performance.now();
const catalog = await LessonCatalog.load(join(ROOT, 'lessons'), await loadSqlEngine());
const image = catalog.get('04-writing-the-database')!.initialDb;
catalog.close();
console.log(`image: ${(image.byteLength / 1024).toFixed(0)} KiB (lesson 04's database)`);

const dir = mkdtempSync(join(tmpdir(), 'gudang-bench-store-'));
const sqlite = await openStore({ engine: 'sqlite', file: join(dir, 'bench.sqlite') });
const sqliteFigures = await measure(sqlite, image);
await sqlite.close();
rmSync(dir, { recursive: true, force: true });
console.log(`SQLite      p50 ${sqliteFigures.p50Ms.toFixed(2)} ms, p99 ${sqliteFigures.p99Ms.toFixed(2)} ms per image write`);

const postgres = await startTestPostgres();
console.log(`PostgreSQL  started in ${postgres.startSeconds.toFixed(1)} s (initdb + start, fsync off)`);
const pg = await openStore({ engine: 'postgres', url: await postgres.createDatabase('bench') });
const pgFigures = await measure(pg, image);
await pg.close();
await postgres.stop();
console.log(`PostgreSQL  p50 ${pgFigures.p50Ms.toFixed(2)} ms, p99 ${pgFigures.p99Ms.toFixed(2)} ms per image write (loopback, the tests' settings)`);

const report = { totalSeconds: (performance.now() - started) / 1000, imageBytes: image.byteLength, sqlite: sqliteFigures, postgres: { ...pgFigures, startSeconds: postgres.startSeconds } };
writeReport(ROOT, 'store', report);
