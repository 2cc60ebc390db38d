/**
 * `npm run test:scale`: two Gudang instances behind nginx with deploy/nginx.conf.
 *
 * Shows that (1) every request of a session reaches the instance that holds it — control API,
 * learner app, traces and SSE through nginx; the other instance does not know the session — and
 * (2) when an instance dies, its sessions get a clear 404/502 while a new session created through
 * nginx works (the server side of the UI's recovery).
 *
 * Each instance gets GUDANG_PEERS (the upstream entries of the nginx config it writes, as written
 * there) and GUDANG_SELF (its own entry), so the ids it picks hash to itself (server/cluster).
 *
 * Installs Debian's nginx when missing (as root, scripts/ensure-debian-tools.mjs). Loopback only; ends
 * within SCALE_OUT_DEADLINE_MS (default 90 s); stops every process it started, also on SIGTERM.
 * Prints "N passed, N failed" and exits 1 on any failure. test/deploy/scale-out.test.ts runs it.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDebianTool, freePort, sleep, stopChild, waitForUrl } from './lib/processes.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const HOST = '127.0.0.1';
const LESSON_ID = '01-first-request';
const DEADLINE_MS = Number(process.env.SCALE_OUT_DEADLINE_MS) || 90_000;
const SESSIONS = 20;

const children = new Set<ChildProcess>();
let workDir = '';
let passed = 0;
let failed = 0;

function check(name: string, ok: boolean, detail = '') {
  if (ok) passed++;
  else failed++;
  console.log(`${ok ? 'ok  ' : 'FAIL'}  ${name}${detail ? `  (${detail})` : ''}`);
}


function findNginx(): string | null {
  for (const candidate of [process.env.GUDANG_NGINX, '/usr/sbin/nginx', '/usr/local/sbin/nginx', '/usr/local/nginx/sbin/nginx']) if (candidate && existsSync(candidate)) return candidate;
  const which = spawnSync('sh', ['-c', 'command -v nginx'], { encoding: 'utf8' });
  return which.status === 0 && which.stdout.trim() ? which.stdout.trim() : null;
}


function start(command: string, args: string[], env: NodeJS.ProcessEnv = {}): ChildProcess {
  const child = spawn(command, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  child.on('exit', (code, signal) => {
    children.delete(child);
    if (code && !signal) console.error(`${command} exited with ${code}: ${stderr.slice(-1000)}`);
  });
  children.add(child);
  return child;
}



async function call(base: string, method: string, path: string, body?: unknown): Promise<{ status: number; json: any; text: string }> {
  const response = await fetch(base + path, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, json, text };
}

/** Opens the session's SSE stream and resolves with the first trace event's data, or null after `ms`. */
async function firstTraceEvent(url: string, ms: number, opened: () => void): Promise<{ url?: string } | null> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), ms);
  try {
    const response = await fetch(url, { signal: abort.signal });
    if (!response.ok || !response.body) return null;
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let buffered = '';
    let announced = false;
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return null;
      buffered += decoder.decode(value, { stream: true });
      if (!announced && buffered.includes(': connected')) {
        announced = true;
        opened();
      }
      const match = buffered.match(/event: trace\ndata: (.*)\n\n/);
      if (match) return JSON.parse(match[1]!) as { url?: string };
    }
  } catch {
    return null;
  } finally {
    clearTimeout(timer);
    abort.abort();
  }
}

function nginxConfig(template: string, listenPort: number, instancePorts: number[]): string {
  const servers = template.match(/^\s*server 127\.0\.0\.1:\d+.*$/gm) ?? [];
  if (servers.length !== 2) throw new Error('deploy/nginx.conf: expected two "server 127.0.0.1:<port> ..." lines in the upstream');
  let config = template.replace(/listen 8080;/, `listen ${HOST}:${listenPort};`);
  servers.forEach((line, i) => (config = config.replace(line, line.replace(/127\.0\.0\.1:\d+/, `${HOST}:${instancePorts[i]}`))));
  return config;
}

/** The `server ...` entries of the upstream block, as written there (address and parameters). */
function upstreamEntries(config: string): string[] {
  const upstream = /upstream\s+\w+\s*\{([^}]*)\}/.exec(config)?.[1] ?? '';
  return [...upstream.matchAll(/^\s*server\s+([^;#]+);/gm)].map((m) => m[1]!.trim());
}

const editedCode = (marker: string) =>
  readFileSync(join(ROOT, 'lessons', LESSON_ID, 'starter.ts'), 'utf8').replace('res.json(product);', `res.json({ ...product, servedBy: '${marker}' });`);

async function main() {
  const nginx = ensureDebianTool('nginx', findNginx);
  console.log(`nginx: ${spawnSync(nginx, ['-v'], { encoding: 'utf8' }).stderr.trim()}`);
  // The vitest run has just built it (test/global-setup.ts); rebuilding under other running tests
  // would rewrite files they load.
  if (!process.env.SCALE_OUT_SKIP_BUILD) {
    const build = spawnSync(process.execPath, ['scripts/build-server.mjs'], { cwd: ROOT, stdio: 'inherit' });
    if (build.status !== 0) throw new Error('the server build failed');
  }

  const [portA, portB, portLb] = [await freePort(), await freePort(), await freePort()];
  workDir = mkdtempSync(join(tmpdir(), 'gudang-nginx-'));
  mkdirSync(join(workDir, 'logs'));
  mkdirSync(join(workDir, 'temp'));
  const configPath = join(workDir, 'nginx.conf');
  const config = nginxConfig(readFileSync(join(ROOT, 'deploy/nginx.conf'), 'utf8'), portLb, [portA, portB]);
  writeFileSync(configPath, config);

  // Each instance knows nginx's upstream list and its own entry in it: its ids hash to itself.
  const peers = upstreamEntries(config);
  const cluster = (port: number) => ({ GUDANG_PEERS: peers.join(','), GUDANG_SELF: `${HOST}:${port}` });
  console.log(`GUDANG_PEERS=${peers.join(',')}`);
  const instances = [
    { name: 'A', base: `http://${HOST}:${portA}`, child: start(process.execPath, ['dist/server/main.js'], { PORT: String(portA), GUDANG_WORKERS: '1', ...cluster(portA) }) },
    { name: 'B', base: `http://${HOST}:${portB}`, child: start(process.execPath, ['dist/server/main.js'], { PORT: String(portB), GUDANG_WORKERS: '1', ...cluster(portB) }) },
  ];
  await Promise.all(instances.map((i) => waitForUrl(`${i.base}/api/lessons`)));
  const syntax = spawnSync(nginx, ['-t', '-p', workDir, '-c', configPath], { encoding: 'utf8' });
  check('deploy/nginx.conf passes nginx -t', syntax.status === 0, syntax.status === 0 ? '' : syntax.stderr.trim());
  if (syntax.status !== 0) return;
  start(nginx, ['-p', workDir, '-c', configPath, '-g', 'daemon off;']);
  const lb = `http://${HOST}:${portLb}`;
  await waitForUrl(`${lb}/api/lessons`);
  console.log(`instances A ${instances[0]!.base}, B ${instances[1]!.base}; nginx ${lb}`);

  // (1) Sessions created through nginx land on either instance and stay there.
  const owners = new Map<string, (typeof instances)[number]>();
  let directOk = true;
  for (let i = 0; i < SESSIONS; i++) {
    const created = await call(lb, 'POST', '/api/sessions', { lessonId: LESSON_ID });
    if (created.status !== 201) {
      check('POST /api/sessions through nginx', false, `${created.status} ${created.text}`);
      return;
    }
    const id = created.json.sessionId as string;
    const direct = await Promise.all(instances.map((inst) => call(inst.base, 'GET', `/api/sessions/${id}`)));
    const statuses = direct.map((d) => d.status);
    if (statuses.filter((s) => s === 200).length !== 1 || statuses.filter((s) => s === 404).length !== 1) directOk = false;
    owners.set(id, instances[statuses.indexOf(200)]!);
  }
  check('each session is known to exactly one instance (200 there, 404 on the other)', directOk);
  const onA = [...owners.values()].filter((o) => o.name === 'A').length;
  check('new sessions are spread over both instances', onA > 0 && onA < owners.size, `${onA} on A, ${owners.size - onA} on B`);

  // Routing by id must be stable: every request naming a session goes to the same instance.
  let stable = true;
  const reachable: string[] = [];
  for (const id of owners.keys()) {
    const statuses = new Set<number>();
    for (let n = 0; n < 5; n++) statuses.add((await call(lb, 'GET', `/api/sessions/${id}`)).status);
    if (statuses.size !== 1) stable = false;
    if (statuses.has(200)) reachable.push(id);
  }
  check(`every request naming a session goes to the same instance (${owners.size} sessions x 5 requests)`, stable);
  // POST /api/sessions names no session, so it is round robin; later requests are hashed by the id.
  // Only because the server picks ids that nginx's ring maps to itself are they all reachable.
  check(
    'every session created through nginx is reachable through nginx',
    reachable.length === owners.size,
    `${reachable.length} of ${owners.size} reachable${reachable.length === owners.size ? '' : ': the instances do not pick ids that hash to themselves (GUDANG_PEERS/GUDANG_SELF)'}`,
  );
  if (reachable.length === 0) return;

  let routed = true;
  for (const id of reachable) {
    const owner = owners.get(id)!;
    for (let n = 0; n < 5; n++) {
      const put = await call(lb, 'PUT', `/api/sessions/${id}/code`, { code: editedCode(`${owner.name}-${n}`) });
      const got = await call(lb, 'GET', `/sandbox/${id}/api/products/1`);
      if (put.status !== 200 || got.status !== 200 || got.json?.servedBy !== `${owner.name}-${n}`) routed = false;
    }
  }
  check(`PUT code and learner requests through nginx reach the session's instance (${reachable.length} sessions x 5 edits)`, routed);

  const session = reachable[0]!;
  const owner = owners.get(session)!;
  const other = instances.find((i) => i !== owner)!;
  const posted = await call(lb, 'POST', `/sandbox/${session}/api/products`, { name: 'Keripik Tempe', price: 15000, stock: 25 });
  check('POST to the learner app through nginx', posted.status === 201, String(posted.status));
  const traces = await call(lb, 'GET', `/api/sessions/${session}/traces`);
  const traceCount = traces.json?.traces?.length ?? 0;
  check('traces through nginx: every request of the session is there', traces.status === 200 && traceCount === 6, `${traceCount} traces`);
  const firstTrace = traces.json?.traces?.[0]?.id as string | undefined;
  const detail = await call(lb, 'GET', `/api/sessions/${session}/traces/${firstTrace}`);
  check('one trace through nginx', detail.status === 200 && Array.isArray(detail.json?.steps), String(detail.status));
  const database = await call(lb, 'GET', `/api/sessions/${session}/database`);
  check('database snapshot through nginx', database.status === 200, String(database.status));
  check(
    'the same session directly: 200 from its own instance, 404 from the other',
    (await call(owner.base, 'GET', `/api/sessions/${session}`)).status === 200 && (await call(other.base, 'GET', `/api/sessions/${session}`)).status === 404,
  );

  // SSE through nginx: the event must arrive while the stream is open (nginx must not buffer it).
  let sseOpened: () => void = () => {};
  const opened = new Promise<void>((resolve) => (sseOpened = resolve));
  const event = firstTraceEvent(`${lb}/api/sessions/${session}/events`, 8000, sseOpened);
  await Promise.race([opened, sleep(5000)]);
  const sentAt = Date.now();
  await call(lb, 'GET', `/sandbox/${session}/api/products/2`);
  const trace = await event;
  check('SSE through nginx delivers the trace while the stream is open', trace?.url === '/api/products/2', trace ? `${Date.now() - sentAt} ms after the request` : 'no event within 8 s');

  // (2) An instance dies.
  await stopChild(owner.child, 'SIGKILL');
  console.log(`killed instance ${owner.name}`);
  const lost = await call(lb, 'GET', `/api/sessions/${session}`);
  check(`a session of the dead instance gets a clear 404/502 through nginx`, lost.status === 404 || lost.status === 502, `${lost.status} ${lost.text.slice(0, 120)}`);
  const lostApp = await call(lb, 'GET', `/sandbox/${session}/api/products/1`);
  check('its learner app too', lostApp.status === 404 || lostApp.status === 502, String(lostApp.status));
  const survivors = reachable.filter((id) => owners.get(id) === other).map((id) => [id] as const);
  let survivorsOk = true;
  for (const [id] of survivors) if ((await call(lb, 'GET', `/sandbox/${id}/api/products/1`)).status !== 200) survivorsOk = false;
  check('sessions of the living instance still work through nginx', survivorsOk || survivors.length === 0, `${survivors.length} sessions`);

  let recovered = true;
  for (let n = 0; n < 4; n++) {
    const created = await call(lb, 'POST', '/api/sessions', { lessonId: LESSON_ID });
    if (created.status !== 201) {
      recovered = false;
      console.log(`  POST /api/sessions after the death: ${created.status} ${created.text.slice(0, 120)}`);
      continue;
    }
    const id = created.json.sessionId as string;
    const put = await call(lb, 'PUT', `/api/sessions/${id}/code`, { code: editedCode(`recovered-${n}`) });
    const got = await call(lb, 'GET', `/sandbox/${id}/api/products/1`);
    if (put.status !== 200 || got.json?.servedBy !== `recovered-${n}`) recovered = false;
  }
  check('after the death, POST /api/sessions through nginx and PUT code on the new session work (4 times)', recovered);
}

async function cleanup() {
  await Promise.all([...children].map((child) => stopChild(child)));
  if (workDir && !process.env.KEEP_NGINX_DIR) rmSync(workDir, { recursive: true, force: true });
}

const deadline = setTimeout(() => {
  console.error(`scale-out test: still running after ${DEADLINE_MS / 1000} s, stopping`);
  failed++;
  void cleanup().then(() => process.exit(1));
}, DEADLINE_MS);
process.on('SIGINT', () => void cleanup().then(() => process.exit(130)));
process.on('SIGTERM', () => void cleanup().then(() => process.exit(143)));

try {
  await main();
} catch (error) {
  failed++;
  console.error(`FAIL  ${(error as Error).message}`);
} finally {
  await cleanup();
  clearTimeout(deadline);
}
console.log(`\n${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 || passed === 0 ? 1 : 0;
