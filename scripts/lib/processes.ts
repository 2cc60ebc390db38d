// What the bench, load and scale-out scripts share: child processes, waiting, measuring.
import { spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

/**
 * The environment Gudang runs in, as `npm start` sets it. Each worker thread otherwise gets a glibc
 * malloc arena of its own that keeps freed memory: with two, RSS returns to its starting level once a
 * class's sessions expire (48% above it without, in `npm run load`).
 */
export const SERVER_ENV = { MALLOC_ARENA_MAX: '2' };

/** A loopback port nobody listens on right now, from the kernel. */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Stops a child with `signal`, and kills it if it has not exited 5 s later. */
export function stopChild(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill(signal);
  });
}

/** Waits until `url` answers without a 5xx, at most `ms`. */
export async function waitForUrl(url: string, ms = 15_000): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    try {
      if ((await fetch(url)).status < 500) return;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  throw new Error(`${url} did not answer within ${ms} ms`);
}

/** Resident memory of a process (all its threads), from /proc. */
export function rssBytes(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmRSS:'));
  return Number(line?.match(/(\d+)/)?.[1] ?? 0) * 1024;
}

/** The p-th percentile (nearest rank); NaN for no values. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export const median = (values: number[]) => percentile(values, 50);

/** Stops every child still running when this script is interrupted. */
export function stopChildrenOnExit(children: Set<ChildProcess>): () => Promise<void> {
  const cleanup = async () => {
    await Promise.all([...children].map((child) => stopChild(child)));
  };
  process.on('SIGINT', () => void cleanup().then(() => process.exit(130)));
  process.on('SIGTERM', () => void cleanup().then(() => process.exit(143)));
  return cleanup;
}

/** Writes a run's figures to bench-results/<name>.json (ignored by git) and says so. */
export function writeReport(root: string, name: string, report: { totalSeconds: number }): void {
  mkdirSync(`${root}bench-results`, { recursive: true });
  writeFileSync(`${root}bench-results/${name}.json`, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\nwrote bench-results/${name}.json (${report.totalSeconds.toFixed(0)} s)`);
}

/** A Debian tool found by `find`, installed by scripts/ensure-debian-tools.mjs when missing (as root), or an error saying how. */
export function ensureDebianTool(name: string, find: () => string | null): string {
  const found = find();
  if (found) return found;
  const root = fileURLToPath(new URL('../../', import.meta.url));
  const ensure = spawnSync(process.execPath, ['scripts/ensure-debian-tools.mjs'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'inherit', 'pipe'], timeout: 300_000 });
  const installed = find();
  if (ensure.status !== 0 || !installed) throw new Error(ensure.stderr?.trim() || `could not install ${name}: run node scripts/ensure-debian-tools.mjs`);
  return installed;
}
