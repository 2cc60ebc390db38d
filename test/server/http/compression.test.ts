import { readdirSync, readFileSync } from 'node:fs';
import { request, type IncomingHttpHeaders } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Gudang } from '../../../server/gudang.js';
import { newSession, startTestGudang, WEB_DIR } from '../../helpers/gudang-under-test.js';

let gudang: Gudang;
beforeAll(async () => {
  gudang = await startTestGudang({}, WEB_DIR);
});
afterAll(() => gudang.close());

/** A raw GET: the bytes as they crossed the wire, not decoded (fetch would decode them). */
function rawGet(path: string, acceptEncoding?: string): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(`${gudang.url}${path}`, { headers: acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

const decode = (encoding: string | undefined, body: Buffer) => (encoding === 'br' ? brotliDecompressSync(body) : encoding === 'gzip' ? gunzipSync(body) : body);

/** The first screen's script, which Vite names by its content hash. */
const entryScript = readdirSync(`${WEB_DIR}/assets`).find((name) => /^index-.*\.js$/.test(name))!;

describe('built assets', () => {
  it.each([
    ['br, gzip, deflate', 'br'],
    ['gzip, deflate', 'gzip'],
  ])('are sent pre-compressed to a browser that accepts %s: %s, with Vary and a year of immutable cache', async (accepts, encoding) => {
    const answer = await rawGet(`/assets/${entryScript}`, accepts);
    expect(answer.status).toBe(200);
    expect(answer.headers['content-encoding']).toBe(encoding);
    expect(answer.headers['content-type']).toMatch(/javascript/);
    expect(answer.headers.vary).toMatch(/Accept-Encoding/i);
    expect(answer.headers['cache-control']).toMatch(/max-age=31536000/);
    expect(answer.headers['cache-control']).toMatch(/immutable/);
    const original = readFileSync(`${WEB_DIR}/assets/${entryScript}`);
    expect(answer.body.length).toBeLessThan(original.length / 2);
    expect(decode(encoding, answer.body).equals(original)).toBe(true);
  });

  it('are sent as they are to a client that accepts no compression', async () => {
    const answer = await rawGet(`/assets/${entryScript}`, 'identity');
    expect(answer.headers['content-encoding']).toBeUndefined();
    expect(answer.headers.vary).toMatch(/Accept-Encoding/i);
    expect(answer.body.equals(readFileSync(`${WEB_DIR}/assets/${entryScript}`))).toBe(true);
  });

  it('the page itself is compressed but never cached as immutable, so a new build is seen at once', async () => {
    const answer = await rawGet('/', 'gzip');
    expect(answer.status).toBe(200);
    expect(answer.headers['cache-control'] ?? '').not.toMatch(/immutable/);
    expect(decode(answer.headers['content-encoding'], answer.body).toString()).toMatch(/<div id="root">/);
  });
});

describe('API answers', () => {
  it('over 1 KB are compressed by Accept-Encoding, with Vary', async () => {
    const lesson = await rawGet('/api/lessons/01-products', 'br');
    expect(lesson.headers['content-encoding']).toBe('br');
    expect(lesson.headers.vary).toMatch(/Accept-Encoding/i);
    const json = decode('br', lesson.body);
    expect(json.length).toBeGreaterThan(1024);
    expect(JSON.parse(json.toString())).toMatchObject({ id: '01-products' });
    expect((await rawGet('/api/lessons/01-products', 'gzip')).headers['content-encoding']).toBe('gzip');
  });

  it('under 1 KB are sent as they are', async () => {
    const health = await rawGet('/healthz', 'br, gzip');
    expect(health.body.length).toBeLessThan(1024);
    expect(health.headers['content-encoding']).toBeUndefined();
  });

  it('from the learner app are never compressed: its headers are the learner’s', async () => {
    const { sessionId } = await newSession(gudang.url);
    const products = await rawGet(`/sandbox/${sessionId}/api/products`, 'br, gzip');
    expect(products.status).toBe(200);
    expect(products.headers['content-encoding']).toBeUndefined();
  });
});

describe('Server-Sent Events', () => {
  it('are not held back by compression: a trace event arrives while the stream stays open', async () => {
    const { sessionId } = await newSession(gudang.url);
    let text = '';
    const waiters: { pattern: RegExp; resolve: () => void }[] = [];
    const arrived = (pattern: RegExp) => new Promise<void>((resolve) => (pattern.test(text) ? resolve() : waiters.push({ pattern, resolve })));
    const opened = new Promise<IncomingHttpHeaders>((resolve, reject) => {
      const req = request(`${gudang.url}/api/sessions/${sessionId}/events`, { headers: { 'accept-encoding': 'br, gzip', accept: 'text/event-stream' } }, (res) => {
        res.on('data', (chunk: Buffer) => {
          text += chunk.toString('latin1');
          for (const waiter of waiters.filter((w) => w.pattern.test(text))) waiter.resolve();
        });
        resolve(res.headers);
      });
      req.on('error', reject);
      req.end();
      afterAll(() => req.destroy());
    });
    const headers = await opened;
    expect(headers['content-type']).toMatch(/text\/event-stream/);
    expect(headers['content-encoding']).toBeUndefined();
    await arrived(/: connected\n\n/);
    // Compressed, these few hundred bytes would wait in the compressor's buffer and never arrive.
    expect((await rawGet(`/sandbox/${sessionId}/api/products/1`)).status).toBe(200);
    await arrived(/event: trace\ndata: .*"url":"\/api\/products\/1"/);
  });
});
