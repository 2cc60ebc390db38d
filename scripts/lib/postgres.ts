// A private PostgreSQL server for the tests: its own cluster in a temporary folder, on a free
// loopback port, stopped (and the folder removed) when the caller is done. Uses Debian's
// postgresql; scripts/ensure-debian-tools.mjs installs it when missing (as root).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { ensureDebianTool, freePort, sleep } from './processes.js';

export interface TestPostgres {
  /** postgres://… for a database of this server. */
  url(database?: string): string;
  /** A new, empty database; answers its URL. */
  createDatabase(name: string): Promise<string>;
  /** Seconds from the call to a server accepting connections (install excluded). */
  startSeconds: number;
  stop(): Promise<void>;
}

/** The newest installed server's bin folder (GUDANG_POSTGRES_BIN overrides). */
export function findPostgresBin(): string | null {
  if (process.env.GUDANG_POSTGRES_BIN) return existsSync(join(process.env.GUDANG_POSTGRES_BIN, 'initdb')) ? process.env.GUDANG_POSTGRES_BIN : null;
  if (!existsSync('/usr/lib/postgresql')) return null;
  const versions = readdirSync('/usr/lib/postgresql')
    .filter((v) => existsSync(`/usr/lib/postgresql/${v}/bin/initdb`))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? `/usr/lib/postgresql/${versions[0]}/bin` : null;
}

/** PostgreSQL refuses to run as root: then the cluster belongs to Debian's `postgres` user. */
function runAs(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const uid = Number(spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout.trim());
  const gid = Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout.trim());
  if (!Number.isInteger(uid) || !Number.isInteger(gid) || uid === 0) throw new Error('running as root, and there is no "postgres" user to run PostgreSQL as (Debian\'s postgresql package creates it)');
  return { uid, gid };
}

async function acceptsConnections(url: string, child: ChildProcess, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`postgres exited with ${child.exitCode}`);
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      await client.end();
      return;
    } catch {
      await client.end().catch(() => {});
      await sleep(100);
    }
  }
  throw new Error(`PostgreSQL did not accept connections within ${ms} ms`);
}

export async function startTestPostgres(): Promise<TestPostgres> {
  const bin = ensureDebianTool('postgresql', findPostgresBin);
  const started = performance.now();
  const owner = runAs();
  const dir = mkdtempSync(join(tmpdir(), 'gudang-pg-'));
  if (owner) chownSync(dir, owner.uid, owner.gid);
  const data = join(dir, 'data');
  // Trust on loopback only, no fsync: a throw-away server for one test run.
  const init = spawnSync(`${bin}/initdb`, ['-D', data, '-A', 'trust', '-U', 'gudang', '-E', 'UTF8', '--no-sync', '--no-instructions'], { ...owner, encoding: 'utf8' });
  if (init.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`initdb failed: ${init.stderr}`);
  }
  let child: ChildProcess | undefined;
  let port = 0;
  let stderr = '';
  for (let attempt = 0; attempt < 3 && !child; attempt++) {
    port = await freePort();
    const candidate = spawn(
      `${bin}/postgres`,
      ['-D', data, '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'],
      {
        ...owner,
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    candidate.stderr!.on('data', (chunk) => (stderr += chunk));
    try {
      await acceptsConnections(`postgres://gudang@127.0.0.1:${port}/postgres`, candidate, 20_000);
      child = candidate;
    } catch {
      candidate.kill('SIGKILL');
    }
  }
  if (!child) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`PostgreSQL did not start: ${stderr.slice(-500)}`);
  }
  const server = child;
  const url = (database = 'postgres') => `postgres://gudang@127.0.0.1:${port}/${database}`;
  return {
    url,
    startSeconds: (performance.now() - started) / 1000,
    async createDatabase(name: string) {
      const client = new pg.Client({ connectionString: url() });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE "${name.replace(/"/g, '')}"`);
      } finally {
        await client.end();
      }
      return url(name);
    },
    async stop() {
      if (server.exitCode === null && server.signalCode === null) {
        await new Promise<void>((resolve) => {
          const force = setTimeout(() => server.kill('SIGKILL'), 5000);
          server.once('exit', () => {
            clearTimeout(force);
            resolve();
          });
          // SIGQUIT: immediate shutdown, nothing here is worth keeping.
          server.kill('SIGQUIT');
        });
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
