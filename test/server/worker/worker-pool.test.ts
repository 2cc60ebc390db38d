import { readFileSync } from 'node:fs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadSqlEngine } from '../../../server/database/sql-engine.js';
import { SessionDatabase } from '../../../server/database/session-database.js';
import { compileLearnerCode } from '../../../server/sandbox/compile.js';
import { DEFAULT_LIMITS, type SandboxRequest } from '../../../server/sandbox/sandbox-types.js';
import { Offenders } from '../../../server/worker/offenders.js';
import { WorkerPool } from '../../../server/worker/worker-pool.js';
import { runResultSchema } from '../../../server/worker/protocol.js';
import { FIXTURE_LESSONS, WORKER_URL } from '../../helpers/gudang-under-test.js';

/** The fixture lesson's code plus a route that never ends, opened as trusted (lesson) code. */
const lesson = (file: string) => readFileSync(`${FIXTURE_LESSONS}/01-products/${file}`, 'utf8');
let dbBytes: Uint8Array;
let code: string;
beforeAll(async () => {
  dbBytes = SessionDatabase.build(await loadSqlEngine(), lesson('schema.sql'), lesson('seed.sql'));
  const compiled = await compileLearnerCode(`${lesson('starter.ts')}\napp.get('/spin', (req, res) => { while (true) {} });`);
  if (!compiled.ok) throw new Error(compiled.problem.message);
  code = compiled.compiled.js;
});

let pool: WorkerPool;
afterEach(() => pool.shutdown());

const get = (path: string): SandboxRequest => ({ method: 'GET', url: path, path, query: {}, headers: {} });
const post = (name: string): SandboxRequest => ({ method: 'POST', url: '/api/products', path: '/api/products', query: {}, headers: { 'content-type': 'application/json' }, body: { name, price: 1 } });
const open = (ids: string[]) => {
  for (const id of ids) pool.open(id, { dbBytes, code, services: [] });
};
const names = async (id: string) => (JSON.parse((await pool.request(id, get('/api/products'))).response.body) as { name: string }[]).map((p) => p.name);

describe('the worker pool', () => {
  it('moves the sessions waiting behind a long request to a free worker', async () => {
    pool = new WorkerPool({ size: 2, limits: { ...DEFAULT_LIMITS, timeoutMs: 5000 }, workerUrl: WORKER_URL, stuckAfterMs: 50 });
    const ids = ['h', 'a', 'b', 'c', 'd', 'e'];
    open(ids);
    await Promise.all(ids.map((id) => pool.request(id, get('/api/products/1'))));
    const spinning = pool.request('h', get('/spin'));
    await new Promise((resolve) => setTimeout(resolve, 10));
    const waiting = Promise.all(ids.slice(1).map((id) => pool.request(id, get('/api/products/2'))));
    // They are answered while the long request still runs (it ends only at its 5 s deadline), not after it.
    const first = await Promise.race([waiting.then(() => 'the waiting sessions'), spinning.then(() => 'the long request')]);
    expect(first).toBe('the waiting sessions');
    const answers = await waiting;
    expect(answers.every((a) => a.response.status === 200)).toBe(true);
    expect(pool.moves).toBeGreaterThan(0);
    expect((await spinning).outcome.code).toBe('timeout');
  });

  it('never loses or repeats a write while sessions move, wait and are withdrawn', async () => {
    // A deadline long enough that a write starved of CPU by a busy machine still finishes in time.
    pool = new WorkerPool({ size: 2, limits: { ...DEFAULT_LIMITS, timeoutMs: 1000 }, workerUrl: WORKER_URL, stuckAfterMs: 50 });
    const writers = ['w0', 'w1', 'w2', 'w3', 'w4', 'w5'];
    open([...writers, 'h1', 'h2']);
    for (let round = 0; round < 3; round++) {
      const spins = [0, 1].map((i) => new Promise((r) => setTimeout(r, i * 100)).then(() => pool.request(i % 2 ? 'h1' : 'h2', get('/spin'))));
      const writes = writers.flatMap((id) => Array.from({ length: 8 }, (_, n) => new Promise((r) => setTimeout(r, n * 15)).then(() => pool.request(id, post(`${id}-${round}-${n}`)))));
      const outcomes = (await Promise.all(writes)).map((r) => `${r.response.status} ${r.outcome.code}`);
      expect(outcomes.filter((o) => o !== '201 ok')).toEqual([]);
      await Promise.all(spins);
      for (const id of writers) {
        const mine = (await names(id)).filter((n) => n.startsWith(`${id}-${round}-`));
        expect(mine.sort()).toEqual(Array.from({ length: 8 }, (_, n) => `${id}-${round}-${n}`).sort());
      }
    }
    expect(pool.moves).toBeGreaterThan(0);
  });

  it('runs new code on probation in the quarantine worker, away from everyone else', async () => {
    pool = new WorkerPool({ size: 2, limits: { ...DEFAULT_LIMITS, timeoutMs: 5000 }, workerUrl: WORKER_URL });
    const ids = ['new', 'a', 'b', 'c', 'd'];
    open(ids);
    await Promise.all(ids.map((id) => pool.request(id, get('/api/products/1'))));
    pool.setCode('new', code);
    const spinning = pool.request('new', get('/spin'));
    await new Promise((resolve) => setTimeout(resolve, 10));
    // Everyone else is answered while the new code still spins on its own worker.
    const others = Promise.all(ids.slice(1).map((id) => pool.request(id, get('/api/products/3'))));
    expect(await Promise.race([others.then(() => 'everyone else'), spinning.then(() => 'the new code')])).toBe('everyone else');
    expect((await spinning).outcome.code).toBe('timeout');
  });

  it('refuses an offender (503, Retry-After, after one deadline) when two requests already wait in quarantine; code on probation still waits its turn', async () => {
    pool = new WorkerPool({ size: 1, limits: { ...DEFAULT_LIMITS, timeoutMs: 300 }, workerUrl: WORKER_URL, offenders: new Offenders({ strikesBeforePause: 10, pauseMs: 10_000 }) });
    const offenders = ['o1', 'o2', 'o3', 'o4', 'o5'];
    open([...offenders, 'p']);
    // One endless loop each makes them offenders, hosted in quarantine.
    for (const id of offenders) expect((await pool.request(id, get('/spin'))).outcome.code).toBe('timeout');
    await pool.setCode('p', code);
    const sentAt = performance.now();
    const timed = (id: string, path: string) => pool.request(id, get(path)).then((result) => ({ id, result, ms: performance.now() - sentAt }));
    const answers = await Promise.all([timed('o1', '/spin'), timed('o2', '/spin'), timed('p', '/api/products/1'), timed('o3', '/spin'), timed('o4', '/spin')]);
    expect(answers.map((a) => `${a.id} ${a.result.outcome.code}`)).toEqual(['o1 timeout', 'o2 timeout', 'p ok', 'o3 quarantine_full', 'o4 quarantine_full']);
    const lastRun = Math.max(...answers.slice(0, 3).map((a) => a.ms));
    for (const refused of answers.slice(3)) {
      expect(refused.result.response.status).toBe(503);
      expect(refused.result.response.headers).toContainEqual(['Retry-After', expect.stringMatching(/^[1-9]\d*$/)]);
      // Refused before the requests ahead of it had all run their deadlines, yet not at once.
      expect(refused.ms).toBeLessThan(lastRun);
      expect(refused.ms).toBeGreaterThanOrEqual(290);
    }
  });

  it('answers 503 to a request that waited in quarantine past its patience: a burst of new code that loops', async () => {
    pool = new WorkerPool({ size: 1, limits: { ...DEFAULT_LIMITS, timeoutMs: 300 }, workerUrl: WORKER_URL, quarantinePatienceMs: 500 });
    const ids = ['n0', 'n1', 'n2', 'n3', 'n4', 'n5'];
    open(ids);
    for (const id of ids) await pool.setCode(id, code);
    const answers = await Promise.all(ids.map((id) => pool.request(id, get('/spin'))));
    const codes = answers.map((a) => a.outcome.code);
    // The first runs to its deadline; those that would have waited past 500 ms are refused rather than run in turn.
    expect(codes[0]).toBe('timeout');
    expect(codes.filter((c) => c === 'quarantine_full').length).toBeGreaterThanOrEqual(3);
    expect(codes.every((c) => c === 'timeout' || c === 'quarantine_full')).toBe(true);
    for (const refused of answers.filter((a) => a.outcome.code === 'quarantine_full')) {
      expect(refused.response.status).toBe(503);
      expect(refused.response.headers).toContainEqual(['Retry-After', expect.stringMatching(/^[1-9]\d*$/)]);
    }
  });

  it('keeps every session’s app loaded, so its top-level state lasts, up to the resident limit', async () => {
    const counter = await compileLearnerCode(`let served = 0;\napp.get('/served', (req, res) => res.json(++served));`);
    if (!counter.ok) throw new Error(counter.problem.message);
    const countOnce = async (ids: string[]) => {
      const counts: number[] = [];
      for (const id of ids) counts.push(JSON.parse((await pool.request(id, get('/served'))).response.body) as number);
      return counts;
    };
    const ids = Array.from({ length: 100 }, (_, i) => `s${i}`);
    for (const resident of [200, 10]) {
      pool = new WorkerPool({ size: 1, limits: DEFAULT_LIMITS, workerUrl: WORKER_URL, residentApps: resident });
      for (const id of ids) pool.open(id, { dbBytes, code: counter.compiled.js, services: [] });
      await countOnce(ids);
      const second = await countOnce(ids);
      // 100 sessions on one worker: all stay loaded under a limit of 200; under 10, the least recently used start again.
      if (resident === 200) expect(second.every((n) => n === 2)).toBe(true);
      else expect(second.filter((n) => n === 1).length).toBeGreaterThan(80);
      await pool.shutdown();
    }
  });

  it('answers results the wire schema accepts: a read, a write, a 404 and a timeout (the hot path does not check them)', async () => {
    pool = new WorkerPool({ size: 1, limits: { ...DEFAULT_LIMITS, timeoutMs: 300 }, workerUrl: WORKER_URL });
    open(['w']);
    const results = [await pool.request('w', get('/api/products/1')), await pool.request('w', post('Kopi')), await pool.request('w', get('/nope')), await pool.request('w', get('/spin'))];
    expect(results.map((r) => r.outcome.code)).toEqual(['ok', 'ok', 'ok', 'timeout']);
    for (const result of results) expect(runResultSchema.parse(result)).toEqual(result);
    expect(results[1]!.events.find((e) => e.type === 'query')).toMatchObject({ changes: { rows: [{ op: 'insert', after: { name: 'Kopi' } }] } });
  });
});
