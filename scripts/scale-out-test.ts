/**
 * `npm run test:scale`: two Gudang instances behind nginx with deploy/nginx.conf, sharing one
 * PostgreSQL store (a private server on loopback, scripts/lib/postgres.ts).
 *
 * Shows that (1) every request of a session reaches the instance that created it and holds it in
 * memory — control API, learner app, traces and SSE through nginx — and (2) when an instance dies
 * mid-lesson, the next request of each of its sessions reopens it from the store on the other
 * instance, with the learner's code and inserted rows; new sessions work too.
 *
 * Each instance gets GUDANG_PEERS (the upstream entries of the nginx config it writes, as written
 * there) and GUDANG_SELF (its own entry), so the ids it picks hash to itself (server/cluster).
 *
 * Installs Debian's nginx and postgresql when missing (as root, scripts/ensure-debian-tools.mjs). Loopback only; ends
 * within SCALE_OUT_DEADLINE_MS (default 90 s); stops every process it started, also on SIGTERM.
 * Prints "N passed, N failed" and exits 1 on any failure. test/deploy/scale-out.test.ts runs it.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildRing, parsePeer, peerIndexFor } from '../server/cluster/nginx-consistent-hash.js';
import { requestJson } from './lib/http.js';
import { startTestPostgres, type TestPostgres } from './lib/postgres.js';
import { ensureDebianTool, freePort, sleep, stopChild, waitForUrl } from './lib/processes.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const HOST = '127.0.0.1';
const LESSON_ID = '01-first-request';
const DEADLINE_MS = Number(process.env.SCALE_OUT_DEADLINE_MS) || 90_000;
const SESSIONS = 20;
// About routing and the store, not limits: on a loaded machine a first run of new code can pass 1 s.
const LEARNER_TIMEOUT_MS = '5000';

const children = new Set<ChildProcess>();
let workDir = '';
let postgres: TestPostgres | undefined;
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

async function call(base: string, method: string, path: string, body?: unknown, cookie?: string) {
  const answer = await requestJson(base, method, path, body, { headers: cookie ? { cookie } : {}, signal: AbortSignal.timeout(10_000) });
  return { ...answer, cookies: answer.headers.getSetCookie().map((c) => c.split(';')[0]!) };
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

/** The data of the first `event: <name>` of a stream, or null after `ms`. */
async function firstEvent(url: string, name: string, ms: number, cookie: string): Promise<any> {
  const response = await fetch(url, { headers: { cookie }, signal: AbortSignal.timeout(ms) }).catch(() => null);
  if (!response?.ok || !response.body) return null;
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffered = '';
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return null;
      buffered += decoder.decode(value, { stream: true });
      const match = new RegExp(`event: ${name}\ndata: (.*)\n\n`).exec(buffered);
      if (match) return JSON.parse(match[1]!);
    }
  } catch {
    return null;
  } finally {
    void reader.cancel().catch(() => {});
  }
}

function nginxConfig(template: string, listenPort: number, instancePorts: number[]): string {
  const servers = template.match(/^\s*server 127\.0\.0\.1:\d+.*$/gm) ?? [];
  if (servers.length !== 2) throw new Error('deploy/nginx.conf: expected two "server 127.0.0.1:<port> ..." lines in the upstream');
  let config = template.replace(/listen 8080;/, `listen ${HOST}:${listenPort};`);
  for (const [i, line] of servers.entries()) config = config.replace(line, line.replace(/127\.0\.0\.1:\d+/, `${HOST}:${instancePorts[i]}`));
  return config;
}

/** The `server ...` entries of the upstream block, as written there (address and parameters). */
function upstreamEntries(config: string): string[] {
  const upstream = /upstream\s+\w+\s*\{([^}]*)\}/.exec(config)?.[1] ?? '';
  return [...upstream.matchAll(/^\s*server\s+([^;#]+);/gm)].map((m) => m[1]!.trim());
}

const editedCode = (marker: string) => readFileSync(join(ROOT, 'lessons', LESSON_ID, 'starter.ts'), 'utf8').replace('res.json(product);', `res.json({ ...product, servedBy: '${marker}' });`);

async function main() {
  const nginx = ensureDebianTool('nginx', findNginx);
  console.log(`nginx: ${spawnSync(nginx, ['-v'], { encoding: 'utf8' }).stderr.trim()}`);
  // The vitest run has just built it (test/global-setup.ts); rebuilding under other running tests
  // would rewrite files they load.
  if (!process.env.SCALE_OUT_SKIP_BUILD) {
    const build = spawnSync(process.execPath, ['scripts/build-server.mjs'], { cwd: ROOT, stdio: 'inherit' });
    if (build.status !== 0) throw new Error('the server build failed');
  }

  postgres = await startTestPostgres();
  const databaseUrl = await postgres.createDatabase('gudang');
  console.log(`PostgreSQL: started in ${postgres.startSeconds.toFixed(1)} s`);

  const [portA, portB, portLb] = [await freePort(), await freePort(), await freePort()];
  workDir = mkdtempSync(join(tmpdir(), 'gudang-nginx-'));
  mkdirSync(join(workDir, 'logs'));
  mkdirSync(join(workDir, 'temp'));
  const configPath = join(workDir, 'nginx.conf');
  const config = nginxConfig(readFileSync(join(ROOT, 'deploy/nginx.conf'), 'utf8'), portLb, [portA, portB]);
  writeFileSync(configPath, config);

  // Each instance knows nginx's upstream list and its own entry in it: its ids hash to itself.
  const peers = upstreamEntries(config);
  const cluster = (port: number) => ({ GUDANG_PEERS: peers.join(','), GUDANG_SELF: `${HOST}:${port}`, DATABASE_URL: databaseUrl });
  console.log(`GUDANG_PEERS=${peers.join(',')}`);
  const instances = [
    {
      name: 'A',
      base: `http://${HOST}:${portA}`,
      child: start(process.execPath, ['dist/server/main.js'], { PORT: String(portA), GUDANG_WORKERS: '1', GUDANG_TIMEOUT_MS: LEARNER_TIMEOUT_MS, ...cluster(portA) }),
    },
    {
      name: 'B',
      base: `http://${HOST}:${portB}`,
      child: start(process.execPath, ['dist/server/main.js'], { PORT: String(portB), GUDANG_WORKERS: '1', GUDANG_TIMEOUT_MS: LEARNER_TIMEOUT_MS, ...cluster(portB) }),
    },
  ];
  // Generous: on a loaded machine two instances loading every lesson take a while.
  await Promise.all(instances.map((i) => waitForUrl(`${i.base}/api/lessons`, 40_000)));
  const syntax = spawnSync(nginx, ['-t', '-p', workDir, '-c', configPath], { encoding: 'utf8' });
  check('deploy/nginx.conf passes nginx -t', syntax.status === 0, syntax.status === 0 ? '' : syntax.stderr.trim());
  if (syntax.status !== 0) return;
  start(nginx, ['-p', workDir, '-c', configPath, '-g', 'daemon off;']);
  const lb = `http://${HOST}:${portLb}`;
  await waitForUrl(`${lb}/api/lessons`);
  console.log(`instances A ${instances[0]!.base}, B ${instances[1]!.base}; nginx ${lb}`);

  // (1) Sessions created through nginx land on either instance and stay there. The owner is the
  // instance nginx's ring maps the id to (server/cluster computes the same ring). A session answers
  // without `restored` only from the instance that holds it in memory, its creator: any other
  // instance would have opened it from the store.
  const ring = buildRing(peers.map(parsePeer));
  const owners = new Map<string, (typeof instances)[number]>();
  for (let i = 0; i < SESSIONS; i++) {
    const created = await call(lb, 'POST', '/api/sessions', { lessonId: LESSON_ID });
    if (created.status !== 201) {
      check('POST /api/sessions through nginx', false, `${created.status} ${created.text}`);
      return;
    }
    const id = created.json.sessionId as string;
    owners.set(id, instances[peerIndexFor(id, ring)]!);
  }
  const onA = [...owners.values()].filter((o) => o.name === 'A').length;
  check('new sessions are spread over both instances', onA > 0 && onA < owners.size, `${onA} on A, ${owners.size - onA} on B`);

  // POST /api/sessions names no session, so it is round robin; later requests are hashed by the id.
  // Only because the server picks ids that nginx's ring maps to itself do they reach their creator.
  let stable = true;
  const reachable: string[] = [];
  for (const id of owners.keys()) {
    const answers = [];
    for (let n = 0; n < 5; n++) answers.push(await call(lb, 'GET', `/api/sessions/${id}`));
    if (answers.some((a) => a.status !== 200)) stable = false;
    if (answers.every((a) => a.status === 200 && a.json?.restored === undefined)) reachable.push(id);
  }
  check(`every request naming a session answers 200 through nginx (${owners.size} sessions x 5 requests)`, stable);
  check(
    'every session created through nginx is reachable through nginx',
    reachable.length === owners.size,
    `${reachable.length} of ${owners.size} reachable${reachable.length === owners.size ? '' : ' on their creator: the instances do not pick ids that hash to themselves (GUDANG_PEERS/GUDANG_SELF)'}`,
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
  const lastMarker = `${owner.name}-4`;
  const traces = await call(lb, 'GET', `/api/sessions/${session}/traces`);
  const traceCount = traces.json?.traces?.length ?? 0;
  check('traces through nginx: every request of the session is there', traces.status === 200 && traceCount === 6, `${traceCount} traces`);
  const firstTrace = traces.json?.traces?.[0]?.id as string | undefined;
  const detail = await call(lb, 'GET', `/api/sessions/${session}/traces/${firstTrace}`);
  check('one trace through nginx', detail.status === 200 && Array.isArray(detail.json?.steps), String(detail.status));
  const database = await call(lb, 'GET', `/api/sessions/${session}/database`);
  check('database snapshot through nginx', database.status === 200, String(database.status));
  const direct = await call(owner.base, 'GET', `/api/sessions/${session}`);
  check('the same session directly on its instance: in memory there', direct.status === 200 && direct.json?.restored === undefined, String(direct.status));

  // SSE through nginx: the event must arrive while the stream is open (nginx must not buffer it).
  let sseOpened: () => void = () => {};
  const opened = new Promise<void>((resolve) => (sseOpened = resolve));
  const event = firstTraceEvent(`${lb}/api/sessions/${session}/events`, 8000, sseOpened);
  await Promise.race([opened, sleep(5000)]);
  const sentAt = Date.now();
  await call(lb, 'GET', `/sandbox/${session}/api/products/2`);
  const trace = await event;
  check('SSE through nginx delivers the trace while the stream is open', trace?.url === '/api/products/2', trace ? `${Date.now() - sentAt} ms after the request` : 'no event within 8 s');

  // A class through nginx: the teacher's and the student's cookies, and the class stream.
  const created = await call(lb, 'POST', '/api/classes', { name: 'Kelas nginx', password: 'rahasia-guru' });
  const classCode = created.json?.code as string;
  const teacher = created.cookies[0] ?? '';
  const joined = await call(lb, 'POST', `/api/classes/${classCode}/students`, { displayName: 'Ayu' });
  const student = joined.cookies[0] ?? '';
  const studentSession = (await call(lb, 'POST', '/api/sessions', { lessonId: LESSON_ID }, student)).json?.sessionId as string;
  const studentRow = await call(lb, 'POST', `/sandbox/${studentSession}/api/products`, { name: 'Ayu punya', price: 1, stock: 1 });
  const table = await firstEvent(`${lb}/api/classes/${classCode}/events`, 'table', 8000, teacher);
  check(
    "a class through nginx: the teacher's cookie opens the live table and the student's session is theirs",
    created.status === 201 &&
      joined.status === 201 &&
      studentRow.status === 201 &&
      table?.students?.[0]?.displayName === 'Ayu' &&
      (await call(lb, 'GET', `/api/sessions/${studentSession}`)).status === 403,
    `${created.status} ${joined.status} ${studentRow.status} ${table ? 'table' : 'no table event'}`,
  );

  // (2) An instance dies mid-lesson. Its learners' rows were written to the store when committed
  // (the first change after a quiet second at once); a second more covers any debounced write.
  const more = await call(lb, 'POST', `/sandbox/${session}/api/products`, { name: 'Rempeyek', price: 8000, stock: 5 });
  check('another row inserted just before the death', more.status === 201, String(more.status));
  await sleep(1500);
  await stopChild(owner.child, 'SIGKILL');
  console.log(`killed instance ${owner.name}`);
  const reopened = await call(lb, 'GET', `/api/sessions/${session}`);
  check(
    "a session of the dead instance reopens through nginx on the other one, from the store, with the learner's code",
    reopened.status === 200 && reopened.json?.restored?.recentChangesMayBeLost === false && String(reopened.json?.code).includes(lastMarker),
    `${reopened.status} restored=${JSON.stringify(reopened.json?.restored)}`,
  );
  const rows = await call(lb, 'GET', `/sandbox/${session}/api/products`);
  const names = Array.isArray(rows.json) ? rows.json.map((p: { name: string }) => p.name) : [];
  check("the learner's inserted rows are there on the other instance", rows.status === 200 && names.includes('Keripik Tempe') && names.includes('Rempeyek'), `${rows.status} ${names.join(', ')}`);
  const edited = await call(lb, 'GET', `/sandbox/${session}/api/products/1`);
  check('and their code runs there (the route they edited)', edited.json?.servedBy === lastMarker, String(edited.json?.servedBy));
  const survivors = reachable.filter((id) => owners.get(id) === other);
  let survivorsOk = true;
  for (const id of survivors) {
    const got = await call(lb, 'GET', `/api/sessions/${id}`);
    if (got.status !== 200 || got.json?.restored !== undefined) survivorsOk = false;
  }
  check('sessions of the living instance still work through nginx, from its memory', survivorsOk, `${survivors.length} sessions`);
  const studentRows = await call(lb, 'GET', `/sandbox/${studentSession}/api/products`);
  const studentOwn = await call(lb, 'GET', `/api/sessions/${studentSession}`, undefined, student);
  check(
    "the class student's session after the death: their row, and still only theirs",
    JSON.stringify(studentRows.json).includes('Ayu punya') && studentOwn.status === 200 && (await call(lb, 'GET', `/api/sessions/${studentSession}`)).status === 403,
    `${studentRows.status} ${studentOwn.status}`,
  );

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
  await postgres?.stop();
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
