import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { traceSchema, type Trace } from '../../../server/contract/trace.js';
import type { Gudang } from '../../../server/gudang.js';
import { call, newSession, startTestGudang } from '../../helpers/gudang-under-test.js';

/**
 * The top level of the learner's code runs like a server's start-up: when the code is saved, on
 * reset and when a worker starts it again, against the session's database, recorded as a trace
 * of its own (origin "startup") with its queries and lines.
 */
let gudang: Gudang;
beforeAll(async () => {
  gudang = await startTestGudang({ workers: 1 });
});
afterAll(() => gudang.close());

const put = (sessionId: string, code: string) => call(gudang.url, 'PUT', `/api/sessions/${sessionId}/code`, { code });

async function traces(sessionId: string): Promise<Trace[]> {
  const list = await call(gudang.url, 'GET', `/api/sessions/${sessionId}/traces`);
  return Promise.all(list.json.traces.map(async (t: { id: string }) => traceSchema.parse((await call(gudang.url, 'GET', `/api/sessions/${sessionId}/traces/${t.id}`)).json)));
}

const STARTUP = [
  "db.run('CREATE TABLE IF NOT EXISTS boots (id INTEGER PRIMARY KEY, at TEXT)');",
  "db.run('INSERT INTO boots (at) VALUES (?)', ['start-up']);",
  "log('tables ready');",
  "app.get('/boots', (req, res) => res.json(db.get('SELECT count(*) AS n FROM boots')));",
  "app.get('/products', (req, res) => res.json(db.query('SELECT id FROM products ORDER BY id')));",
].join('\n');

describe('start-up code', () => {
  it('runs at load with db, and is a trace of its own with its queries and lines', async () => {
    const { sessionId } = await newSession(gudang.url);
    const saved = await put(sessionId, STARTUP);
    expect(saved.status).toBe(200);
    expect((await call(gudang.url, 'GET', `/sandbox/${sessionId}/boots`)).json).toEqual({ n: 1 });

    const startup = (await traces(sessionId)).find((t) => t.origin === 'startup')!;
    expect(startup).toMatchObject({ method: 'START', status: 200 });
    expect(startup.steps.map((s) => [s.kind, s.line])).toEqual([
      ['query', 1],
      ['query', 2],
      ['log', 3],
    ]);
    expect(startup.steps[0]).toMatchObject({ kind: 'query', data: { sql: expect.stringContaining('CREATE TABLE IF NOT EXISTS boots') } });

    // The table is in the session's database, which the database view shows.
    const database = await call(gudang.url, 'GET', `/api/sessions/${sessionId}/database`);
    expect(database.json.tables.map((t: { name: string }) => t.name)).toContain('boots');
  });

  it('that throws answers the save with 400 and the line, and the old code keeps serving', async () => {
    const { sessionId } = await newSession(gudang.url);
    expect((await put(sessionId, STARTUP)).status).toBe(200);
    const broken = ["app.get('/new', (req, res) => res.send('new'));", 'const config = undefined;', 'const port = config.port;'].join('\n');
    const refused = await put(sessionId, broken);
    expect(refused.status).toBe(400);
    expect(refused.json.error).toMatch(/'port' of undefined \(while starting up, line 3\)/);
    expect(refused.json.compile).toMatchObject({ line: 3 });

    const failed = (await traces(sessionId)).find((t) => t.id === refused.json.startup.traceId)!;
    expect(failed).toMatchObject({ origin: 'startup', status: 500 });
    expect(failed.steps.find((s) => s.kind === 'error')).toMatchObject({ line: 3, data: { code: 'runtime_error' } });

    expect((await call(gudang.url, 'GET', `/sandbox/${sessionId}/boots`)).status).toBe(200);
    expect((await call(gudang.url, 'GET', `/sandbox/${sessionId}/new`)).status).toBe(404);
  });

  it('that fails on a SQL error answers 400 with the query in its trace', async () => {
    const { sessionId } = await newSession(gudang.url);
    const refused = await put(sessionId, "db.run('CREATE TABLE products (id INTEGER)');\napp.get('/', (req, res) => res.send('x'));");
    expect(refused.status).toBe(400);
    const failed = (await traces(sessionId)).find((t) => t.id === refused.json.startup.traceId)!;
    expect(failed.steps[0]).toMatchObject({ kind: 'query', line: 1, data: { error: expect.stringContaining('already exists') } });
  });

  it('runs again on reset, against the lesson’s fresh database', async () => {
    const { sessionId } = await newSession(gudang.url);
    expect((await put(sessionId, STARTUP)).status).toBe(200);
    await call(gudang.url, 'POST', `/api/sessions/${sessionId}/reset`);
    // The lesson's starter has no start-up of its own; the learner's table went with the reset.
    const database = await call(gudang.url, 'GET', `/api/sessions/${sessionId}/database`);
    expect(database.json.tables.map((t: { name: string }) => t.name)).not.toContain('boots');
    expect((await put(sessionId, STARTUP)).status).toBe(200);
    expect((await call(gudang.url, 'GET', `/sandbox/${sessionId}/boots`)).json).toEqual({ n: 1 });
  });

  it('runs again when a worker restarts, against the session’s current database', async () => {
    const { sessionId } = await newSession(gudang.url);
    const code = `${STARTUP}\napp.get('/runaway', (req, res) => res.json(db.query('WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c')));`;
    expect((await put(sessionId, code)).status).toBe(200);
    expect((await call(gudang.url, 'GET', `/sandbox/${sessionId}/boots`)).json).toEqual({ n: 1 });
    const restartsBefore = gudang.pool.restarts;
    expect((await call(gudang.url, 'GET', `/sandbox/${sessionId}/runaway`)).status).toBe(500);
    expect(gudang.pool.restarts).toBeGreaterThan(restartsBefore);
    // The first boot was committed; start-up ran once more on the new worker before this request.
    expect((await call(gudang.url, 'GET', `/sandbox/${sessionId}/boots`)).json).toEqual({ n: 2 });
    expect((await traces(sessionId)).filter((t) => t.origin === 'startup')).toHaveLength(2);
  });
});
