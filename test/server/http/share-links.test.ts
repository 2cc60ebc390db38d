import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Gudang } from '../../../server/gudang.js';
import { sharedTraceSchema } from '../../../server/contract/share.js';
import { call, newSession, newestTrace, sessionWithRoutes, startTestGudang } from '../../helpers/gudang-under-test.js';
import { roundTrip } from '../../helpers/otlp-schema.js';

/** Issue 13, item 5: a read-only link to one trace, with an id of its own, that expires with its session. */

let gudang: Gudang;
beforeAll(async () => {
  gudang = await startTestGudang({ workers: 1 });
});
afterAll(() => gudang.close());

const share = async (sessionId: string, traceId: string) => {
  const res = await call(gudang.url, 'POST', `/api/sessions/${sessionId}/traces/${traceId}/share`);
  expect(res.status).toBe(201);
  return res.json as { shareId: string; path: string };
};

/** A session that wrote a product (the newest trace), with a request that carried a Gudang cookie and named the session. */
async function sessionThatWrote() {
  const session = await sessionWithRoutes(gudang.url, '// a comment only the code has: kelinci-rahasia');
  await call(gudang.url, 'GET', `/sandbox/${session.sessionId}/api/products/1`);
  const post = await call(
    gudang.url,
    'POST',
    `/sandbox/${session.sessionId}/api/products`,
    { name: 'Sambal Roa', price: 25000, stock: 3 },
    {
      cookie: 'gudang_student=student-token-that-must-not-leak; theme=dark',
      referer: `http://localhost/sandbox/${session.sessionId}/shop.html`,
    },
  );
  expect(post.status).toBe(201);
  const { summary } = await newestTrace(gudang.url, session.sessionId);
  return { ...session, traceId: summary.id as string };
}

describe('a share link', () => {
  it('has a random id of its own and opens one trace with its tables, read-only', async () => {
    const { sessionId, traceId } = await sessionThatWrote();
    const { shareId, path } = await share(sessionId, traceId);
    expect(shareId).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(shareId).not.toBe(sessionId);
    expect(path).toBe(`/share/${shareId}`);
    const again = await share(sessionId, traceId);
    expect(again.shareId).toBe(shareId);

    const res = await call(gudang.url, 'GET', `/api/shares/${shareId}`);
    expect(res.status).toBe(200);
    const shared = sharedTraceSchema.parse(res.json);
    expect(shared.trace.id).toBe(traceId);
    expect(shared.trace.steps.map((s) => s.kind)).toContain('query');
    expect(shared.follow).toBe('steps');
    expect(shared.lesson.id).toBe('01-products');
    const products = shared.tables.tables.find((t) => t.name === 'products')!;
    expect(products.rows.map((r) => r.name)).toContain('Sambal Roa');
  });

  it('reveals nothing else of the session: no session id, no Gudang cookie, no code, no other trace', async () => {
    const { sessionId, traceId } = await sessionThatWrote();
    const { shareId } = await share(sessionId, traceId);
    const res = await call(gudang.url, 'GET', `/api/shares/${shareId}`);
    expect(res.text).not.toContain(sessionId);
    expect(res.text).not.toContain('student-token-that-must-not-leak');
    expect(res.text).not.toContain('gudang_student');
    expect(res.text).not.toContain('kelinci-rahasia');
    const receive = res.json.trace.steps.find((s: { kind: string }) => s.kind === 'receive');
    expect(receive.data.headers.cookie).toBe('theme=dark');
    // The session's other trace (GET /api/products/1) is not in the answer, and no route leads to it.
    expect(res.text).not.toContain('/api/products/1');
    const traces = (await call(gudang.url, 'GET', `/api/sessions/${sessionId}/traces`)).json.traces;
    const other = traces.find((t: { id: string }) => t.id !== traceId).id;
    expect((await call(gudang.url, 'GET', `/api/shares/${shareId}/traces/${other}`)).status).toBe(404);
    expect((await call(gudang.url, 'GET', `/api/shares/${shareId}/traces`)).status).toBe(404);
    const otlp = await call(gudang.url, 'GET', `/api/shares/${shareId}.otlp.json`);
    expect(otlp.status).toBe(200);
    expect(roundTrip(otlp.json)).toEqual(otlp.json);
    expect(otlp.text).not.toContain(sessionId);
  });

  it('opens no door to the session: its id is no session id, and nothing of it can be written', async () => {
    const { sessionId, traceId } = await sessionThatWrote();
    const { shareId } = await share(sessionId, traceId);
    for (const [method, path] of [
      ['GET', `/api/sessions/${shareId}`],
      ['GET', `/api/sessions/${shareId}/traces`],
      ['GET', `/api/sessions/${shareId}/database`],
      ['PUT', `/api/sessions/${shareId}/code`],
      ['POST', `/api/sessions/${shareId}/reset`],
      ['GET', `/sandbox/${shareId}/api/products`],
    ] as const) {
      const res = await call(gudang.url, method, path, method === 'PUT' ? { code: '' } : undefined);
      expect(res.status, `${method} ${path}`).toBe(404);
    }
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) {
      const res = await call(gudang.url, method, `/api/shares/${shareId}`, {});
      expect(res.status, method).toBe(405);
      expect(res.headers.get('allow')).toBe('GET, HEAD');
    }
    // The session itself is untouched by all that.
    expect((await call(gudang.url, 'GET', `/api/sessions/${sessionId}`)).status).toBe(200);
  });

  it('gives the tables after the trace: a later request’s writes are taken back', async () => {
    const { sessionId, traceId } = await sessionThatWrote();
    await call(gudang.url, 'POST', `/sandbox/${sessionId}/api/products`, { name: 'Later', price: 1 });
    const shared = sharedTraceSchema.parse((await call(gudang.url, 'GET', `/api/shares/${(await share(sessionId, traceId)).shareId}`)).json);
    expect(shared.follow).toBe('steps');
    const products = shared.tables.tables.find((t) => t.name === 'products')!;
    expect(products.rows.map((r) => r.name)).toContain('Sambal Roa');
    expect(products.rows.map((r) => r.name)).not.toContain('Later');
    expect(products.rowCount).toBe(products.rows.length);
  });

  it('says the tables are as shared when a later write cannot be taken back, or the data was reset since', async () => {
    const { sessionId, traceId } = await sessionThatWrote();
    // 60 rows in one statement: more than a step lists, so it cannot be taken back.
    const many = "INSERT INTO products (name, price) WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 60) SELECT 'p' || i, i FROM n";
    await call(gudang.url, 'PUT', `/api/sessions/${sessionId}/code`, { code: `app.post('/many', (req, res) => res.json(db.run(${JSON.stringify(many)})));` });
    expect((await call(gudang.url, 'POST', `/sandbox/${sessionId}/many`)).status).toBe(200);
    expect((await call(gudang.url, 'GET', `/api/shares/${(await share(sessionId, traceId)).shareId}`)).json.follow).toBe('shared');

    const other = await sessionThatWrote();
    await call(gudang.url, 'POST', `/api/sessions/${other.sessionId}/reset-data`);
    expect((await call(gudang.url, 'GET', `/api/shares/${(await share(other.sessionId, other.traceId)).shareId}`)).json.follow).toBe('shared');
  });

  it('answers 404 for an unknown trace or link, as JSON and as a page', async () => {
    const { sessionId } = await newSession(gudang.url);
    expect((await call(gudang.url, 'POST', `/api/sessions/${sessionId}/traces/nope/share`)).status).toBe(404);
    const unknown = await call(gudang.url, 'GET', `/api/shares/${'B'.repeat(22)}`);
    expect(unknown.status).toBe(404);
    expect(unknown.json.error).toMatch(/no such shared trace/);
    expect((await call(gudang.url, 'GET', '/api/shares/not-an-id')).status).toBe(404);
    const page = await call(gudang.url, 'GET', `/share/${'B'.repeat(22)}`);
    expect(page.status).toBe(404);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.text).toContain('No such shared trace');
    expect(page.text).toContain('Jejak yang dibagikan tidak ditemukan');
  });

  it('expires with its session: 410 as JSON and as a page, also once the session is reopened from the store', async () => {
    const { sessionId, traceId } = await sessionThatWrote();
    const { shareId } = await share(sessionId, traceId);
    expect(gudang.sessions.expireIdle(Date.now() + 31 * 60_000)).toBeGreaterThan(0);
    const json = await call(gudang.url, 'GET', `/api/shares/${shareId}`);
    expect(json.status).toBe(410);
    expect(json.json.error).toMatch(/expired/);
    expect((await call(gudang.url, 'GET', `/api/shares/${shareId}.otlp.json`)).status).toBe(410);
    const page = await call(gudang.url, 'GET', `/share/${shareId}`, undefined, { 'accept-language': 'id' });
    expect(page.status).toBe(410);
    expect(page.text).toContain('<html lang="id">');
    expect(page.text).toContain('sudah kedaluwarsa');
    // The session comes back from the store on its next use; its old link stays dead.
    expect((await call(gudang.url, 'GET', `/sandbox/${sessionId}/api/products`)).status).toBe(200);
    expect((await call(gudang.url, 'GET', `/api/shares/${shareId}`)).status).toBe(410);
  });
});
