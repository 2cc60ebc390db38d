import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Gudang } from '../../../server/gudang.js';
import { call, newestTrace, sessionWithRoutes, startTestGudang } from '../../helpers/gudang-under-test.js';

/**
 * Framing is Gudang's: whatever framing headers learner code sets, and by whichever route, the
 * body arrives whole and the next request on the same kept-alive connection is answered.
 */
let gudang: Gudang;
beforeAll(async () => {
  gudang = await startTestGudang();
});
afterAll(() => gudang.close());

interface RawResponse {
  status: number;
  headers: [string, string][];
  body: string;
}

/** Sends `requests` on one socket, pipelined, and reads the answers by their own framing. */
function exchange(port: number, requests: string[], expected: number): Promise<RawResponse[]> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let buffer = Buffer.alloc(0);
    const responses: RawResponse[] = [];
    socket.on('error', reject);
    socket.on('data', (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        const end = buffer.indexOf('\r\n\r\n');
        if (end === -1) return;
        const [statusLine, ...lines] = buffer.subarray(0, end).toString('latin1').split('\r\n');
        const headers = lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()] as [string, string]);
        const length = headers.find(([name]) => name === 'content-length');
        if (!length || headers.some(([name]) => name === 'transfer-encoding')) return reject(new Error(`not framed by Content-Length: ${lines.join(' | ')}`));
        const size = Number(length[1]);
        if (buffer.length < end + 4 + size) return;
        responses.push({ status: Number(statusLine!.split(' ')[1]), headers, body: buffer.subarray(end + 4, end + 4 + size).toString('utf8') });
        buffer = buffer.subarray(end + 4 + size);
        if (responses.length === expected) {
          socket.end();
          return resolve(responses);
        }
      }
    });
    socket.write(requests.join(''));
  });
}

const get = (path: string) => `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n`;

const framingRoutes = `
app.get('/framed/set', (req, res) => res.set('Content-Length', '1').set('Transfer-Encoding', 'chunked').send('x'.repeat(1000)));
app.get('/framed/object', (req, res) => res.set({ 'cOnTeNt-LeNgTh': '3', Connection: 'close', 'Keep-Alive': 'timeout=1', Upgrade: 'websocket' }).send('y'.repeat(1000)));
app.get('/framed/append', (req, res) => { res.append('Trailer', ['Expires', 'X-A']); res.append('TE', 'trailers'); res.header('Content-Encoding', 'gzip'); res.header('Proxy-Connection', 'close'); res.json({ whole: 'z'.repeat(1000) }); });
app.get('/framed/status', (req, res) => res.status(101).set('Upgrade', 'h2c').send('not a switch'));
`;

describe('framing headers from learner code', () => {
  it('are dropped with a warning step; bodies arrive whole and the kept-alive connection keeps serving', async () => {
    const { sessionId } = await sessionWithRoutes(gudang.url, framingRoutes);
    const port = new URL(gudang.url).port;
    const prefix = `/sandbox/${sessionId}`;
    const paths = ['/framed/set', '/framed/object', '/framed/append', '/framed/status', '/api/products/1'];
    const answers = await exchange(
      Number(port),
      paths.map((p) => get(prefix + p)),
      paths.length,
    );

    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 500, 200]);
    expect(answers[0]!.body).toBe('x'.repeat(1000));
    expect(answers[1]!.body).toBe('y'.repeat(1000));
    expect(JSON.parse(answers[2]!.body)).toEqual({ whole: 'z'.repeat(1000) });
    expect(JSON.parse(answers[4]!.body).name).toBe('Kopi Gayo 250 g');
    for (const answer of answers) {
      const names = answer.headers.map(([name]) => name);
      for (const framing of ['transfer-encoding', 'upgrade', 'trailer', 'te', 'content-encoding', 'proxy-connection']) expect(names).not.toContain(framing);
      expect(answer.headers.filter(([name]) => name === 'content-length')).toEqual([['content-length', String(Buffer.byteLength(answer.body))]]);
      expect(answer.headers.find(([name]) => name === 'connection')?.[1]).toBe('keep-alive');
    }

    const traces = (await call(gudang.url, 'GET', `/api/sessions/${sessionId}/traces`)).json.traces;
    const warningsOf = async (id: string) => {
      const trace = (await call(gudang.url, 'GET', `/api/sessions/${sessionId}/traces/${id}`)).json;
      return trace.steps
        .filter((s: { kind: string; data: { level?: string } }) => s.kind === 'log' && s.data.level === 'warning')
        .map((s: { data: { message: string } }) => s.data.message)
        .join('\n');
    };
    const byUrl = new Map<string, string>(traces.map((t: { url: string; id: string }) => [t.url, t.id]));
    expect(await warningsOf(byUrl.get('/framed/set')!)).toMatch(/dropped your "Content-Length" header[\s\S]*dropped your "Transfer-Encoding" header/);
    expect(await warningsOf(byUrl.get('/framed/object')!)).toMatch(/"cOnTeNt-LeNgTh"[\s\S]*"Connection"[\s\S]*"Keep-Alive"[\s\S]*"Upgrade"/);
    expect(await warningsOf(byUrl.get('/framed/append')!)).toMatch(/"Trailer"[\s\S]*"TE"[\s\S]*"Content-Encoding"[\s\S]*"Proxy-Connection"/);
    const informational = await newestTraceFor(sessionId, byUrl.get('/framed/status')!);
    expect(informational).toMatchObject({ code: 'invalid_response', message: expect.stringMatching(/status 101 is informational/) });
  });

  it('are parsed by Node’s fetch too, and a normal request still works afterwards', async () => {
    const { sessionId } = await sessionWithRoutes(gudang.url, framingRoutes);
    const framed = await call(gudang.url, 'GET', `/sandbox/${sessionId}/framed/object`);
    expect(framed.status).toBe(200);
    expect(framed.text).toBe('y'.repeat(1000));
    const after = await call(gudang.url, 'GET', `/sandbox/${sessionId}/api/products/1`);
    expect(after.status).toBe(200);
    expect((await newestTrace(gudang.url, sessionId)).summary.status).toBe(200);
  });
});

async function newestTraceFor(sessionId: string, traceId: string) {
  const trace = (await call(gudang.url, 'GET', `/api/sessions/${sessionId}/traces/${traceId}`)).json;
  return trace.steps.find((s: { kind: string }) => s.kind === 'error')?.data;
}
