import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Gudang } from '../../../server/gudang.js';
import { call, newSession, startTestGudang } from '../../helpers/gudang-under-test.js';

let gudang: Gudang;
beforeAll(async () => {
  gudang = await startTestGudang({ limits: { ...(await import('../../../server/sandbox/sandbox-types.js')).DEFAULT_LIMITS, timeoutMs: 300 } });
});
afterAll(() => gudang.close());

/** Opens the SSE stream and resolves with the first `trace` event's data. */
function firstTraceEvent(url: string): { ready: Promise<void>; trace: Promise<any>; close: () => void } {
  let close = () => {};
  let onReady = () => {};
  const ready = new Promise<void>((resolve) => (onReady = resolve));
  const trace = new Promise((resolve, reject) => {
    const req = request(url, (res) => {
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        if (buffer.includes(': connected')) onReady();
        const match = /event: trace\ndata: (.*)\n\n/.exec(buffer);
        if (match) resolve(JSON.parse(match[1]!));
      });
    });
    req.on('error', reject);
    req.end();
    close = () => req.destroy();
  });
  return { ready, trace, close };
}

describe('live traces', () => {
  it('pushes the trace of a request sent by a plain HTTP client over Server-Sent Events', async () => {
    const { sessionId } = await newSession(gudang.url);
    const stream = firstTraceEvent(`${gudang.url}/api/sessions/${sessionId}/events`);
    await stream.ready;
    const sent = await fetch(`${gudang.url}/sandbox/${sessionId}/api/products/3`);
    expect(sent.status).toBe(200);
    const trace = await stream.trace;
    stream.close();
    expect(trace).toMatchObject({ sessionId, method: 'GET', url: '/api/products/3', status: 200 });
    expect(trace.steps.map((s: { kind: string }) => s.kind)).toContain('query');
  });
});

/** Reads the stream until `count` trace events came, and gives their ids and URLs in order. */
async function traceEvents(url: string, count: number, headers: Record<string, string> = {}) {
  const controller = new AbortController();
  const response = await fetch(url, { headers, signal: controller.signal });
  const decoder = new TextDecoderStream();
  const reader = response.body!.pipeThrough(decoder).getReader();
  let buffer = '';
  let read = 0;
  const events: { id: string; url: string }[] = [];
  const pattern = /id: (.*)\nevent: trace\ndata: (.*)\n\n/g;
  while (events.length < count) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value;
    const from = read;
    for (const match of buffer.slice(from).matchAll(pattern)) {
      events.push({ id: match[1]!, url: JSON.parse(match[2]!).url });
      read = from + match.index + match[0].length;
    }
  }
  controller.abort();
  return events;
}

describe('a trace stream that opens late', () => {
  it('replays what ended before it opened: from the first trace with ?after=, after the last one seen with Last-Event-ID', async () => {
    const { sessionId } = await newSession(gudang.url);
    for (const id of [1, 2, 3]) expect((await call(gudang.url, 'GET', `/sandbox/${sessionId}/api/products/${id}`)).status).toBe(200);
    const events = `${gudang.url}/api/sessions/${sessionId}/events`;

    const all = await traceEvents(`${events}?after=`, 3);
    expect(all.map((e) => e.url)).toEqual(['/api/products/1', '/api/products/2', '/api/products/3']);

    // What a reconnecting EventSource sends: only the traces after that one come again.
    const rest = await traceEvents(events, 2, { 'Last-Event-ID': all[0]!.id });
    expect(rest.map((e) => e.url)).toEqual(['/api/products/2', '/api/products/3']);
    expect(rest.map((e) => e.id)).toEqual([all[1]!.id, all[2]!.id]);
  });

  it('replays nothing to a stream opened without asking, so a page that lists the traces gets each once', async () => {
    const { sessionId } = await newSession(gudang.url);
    await call(gudang.url, 'GET', `/sandbox/${sessionId}/api/products/1`);
    const stream = traceEvents(`${gudang.url}/api/sessions/${sessionId}/events`, 1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    await call(gudang.url, 'GET', `/sandbox/${sessionId}/api/products/2`);
    expect((await stream).map((e) => e.url)).toEqual(['/api/products/2']);
  });
});

describe('session lifecycle', () => {
  it('keeps only the newest traces', async () => {
    const small = await startTestGudang({ traceLimit: 3, workers: 1 });
    try {
      const { sessionId } = await newSession(small.url);
      for (let i = 1; i <= 5; i++) await call(small.url, 'GET', `/sandbox/${sessionId}/api/products/${i}`);
      const traces = (await call(small.url, 'GET', `/api/sessions/${sessionId}/traces`)).json.traces;
      expect(traces.map((t: { url: string }) => t.url)).toEqual(['/api/products/5', '/api/products/4', '/api/products/3']);
    } finally {
      await small.close();
    }
  });

  it('takes idle sessions out of memory; their next request opens them again from the store, data and code as they were', async () => {
    const { sessionId, code } = await newSession(gudang.url);
    await call(gudang.url, 'POST', `/sandbox/${sessionId}/api/products`, { name: 'Kept while idle', price: 1 });
    const edited = `${code}\napp.get('/idle', (req, res) => res.json({ still: 'here' }));`;
    expect((await call(gudang.url, 'PUT', `/api/sessions/${sessionId}/code`, { code: edited })).status).toBe(200);
    expect(gudang.sessions.expireIdle(Date.now() + 31 * 60_000)).toBeGreaterThan(0);
    const names = (await call(gudang.url, 'GET', `/sandbox/${sessionId}/api/products`)).json.map((p: { name: string }) => p.name);
    expect(names).toContain('Kept while idle');
    expect((await call(gudang.url, 'GET', `/sandbox/${sessionId}/idle`)).json).toEqual({ still: 'here' });
    // Reopened from the store (only then is restored set); nothing was waiting for a write, so nothing to warn about.
    expect((await call(gudang.url, 'GET', `/api/sessions/${sessionId}`)).json.restored).toMatchObject({ recentChangesMayBeLost: false });
  });

  it('answers a clear 404 for a session the store does not have', async () => {
    const gone = await call(gudang.url, 'GET', `/sandbox/${'A'.repeat(22)}/api/products`);
    expect(gone.status).toBe(404);
    expect(gone.json.error).toMatch(/no such session/);
  });
});

describe('a runaway request', () => {
  it('is stopped from outside, and the session keeps its committed data and keeps serving', async () => {
    const { sessionId } = await newSession(gudang.url);
    const neighbour = await newSession(gudang.url);
    await call(gudang.url, 'POST', `/sandbox/${sessionId}/api/products`, { name: 'Committed before', price: 1 });
    await call(gudang.url, 'POST', `/sandbox/${neighbour.sessionId}/api/products`, { name: 'Neighbour data', price: 1 });
    const code = `${(await call(gudang.url, 'GET', `/api/sessions/${sessionId}`)).json.code}
app.get('/runaway', (req, res) => {
  db.run("INSERT INTO products (name, price) VALUES ('lost', 1)");
  res.json(db.query('WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c'));
});`;
    expect((await call(gudang.url, 'PUT', `/api/sessions/${sessionId}/code`, { code })).status).toBe(200);
    const restartsBefore = gudang.pool.restarts;
    const started = performance.now();
    const runaway = await call(gudang.url, 'GET', `/sandbox/${sessionId}/runaway`);
    expect(performance.now() - started).toBeLessThan(3000);
    expect(runaway.status).toBe(500);
    expect(gudang.pool.restarts).toBeGreaterThan(restartsBefore);
    const trace = (await call(gudang.url, 'GET', `/api/sessions/${sessionId}/traces`)).json.traces[0];
    expect(trace.error).toMatch(/ran longer than 0.3 s/);

    const names = (await call(gudang.url, 'GET', `/sandbox/${sessionId}/api/products`)).json.map((p: { name: string }) => p.name);
    expect(names).toContain('Committed before');
    expect(names).not.toContain('lost');
    const neighbourNames = (await call(gudang.url, 'GET', `/sandbox/${neighbour.sessionId}/api/products`)).json.map((p: { name: string }) => p.name);
    expect(neighbourNames).toContain('Neighbour data');
  });
});

describe('neighbours of a runaway', () => {
  it('are answered long before its deadline', async () => {
    const own = await startTestGudang({ workers: 2, limits: { ...(await import('../../../server/sandbox/sandbox-types.js')).DEFAULT_LIMITS, timeoutMs: 2000 } });
    try {
      const hostile = await newSession(own.url);
      const neighbours = await Promise.all([1, 2, 3, 4].map(() => newSession(own.url)));
      const loop = `${hostile.code}\napp.get('/spin', (req, res) => { while (true) {} });`;
      expect((await call(own.url, 'PUT', `/api/sessions/${hostile.sessionId}/code`, { code: loop })).status).toBe(200);
      for (const n of neighbours) await call(own.url, 'GET', `/sandbox/${n.sessionId}/api/products/1`);

      const spinning = call(own.url, 'GET', `/sandbox/${hostile.sessionId}/spin`);
      await new Promise((resolve) => setTimeout(resolve, 20));
      const timings = await Promise.all(
        neighbours.map(async (n) => {
          const started = performance.now();
          const res = await call(own.url, 'GET', `/sandbox/${n.sessionId}/api/products/2`);
          return { status: res.status, ms: performance.now() - started };
        }),
      );
      expect((await spinning).status).toBe(500);
      expect(timings.every((t) => t.status === 200)).toBe(true);
      // The runaway's new code runs on probation in the quarantine worker; its neighbours never wait for it.
      expect(Math.max(...timings.map((t) => t.ms))).toBeLessThan(1000);
    } finally {
      await own.close();
    }
  });
});

describe('a session that keeps running away', () => {
  it('is quarantined, then paused with a 503 that says why, and new code lifts the pause', async () => {
    const { sessionId, code } = await newSession(gudang.url);
    await call(gudang.url, 'PUT', `/api/sessions/${sessionId}/code`, { code: `${code}\napp.get('/spin', (req, res) => { while (true) {} });` });
    for (let i = 0; i < 3; i++) expect((await call(gudang.url, 'GET', `/sandbox/${sessionId}/spin`)).status).toBe(500);
    const paused = await call(gudang.url, 'GET', `/sandbox/${sessionId}/spin`);
    expect(paused.status).toBe(503);
    expect(paused.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(paused.json.error).toMatch(/stopped 3 times in a row .* paused it/);
    expect((await call(gudang.url, 'GET', `/api/sessions/${sessionId}/traces`)).json.traces[0].error).toMatch(/paused/);

    expect((await call(gudang.url, 'PUT', `/api/sessions/${sessionId}/code`, { code })).status).toBe(200);
    expect((await call(gudang.url, 'GET', `/sandbox/${sessionId}/api/products/1`)).status).toBe(200);
  });
});
