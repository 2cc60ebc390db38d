import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Gudang } from '../../../server/gudang.js';
import { call, newestTrace, sessionWithRoutes, startTestGudang } from '../../helpers/gudang-under-test.js';

/**
 * Response headers are bounded (100 headers, 16 KB with Gudang's own) and checked on the host,
 * where learner code cannot get around it: over the limit or malformed, the learner gets an error
 * step naming the problem and the client a 500 page that Node's fetch and a raw parser both read.
 */
let gudang: Gudang;
beforeAll(async () => {
  gudang = await startTestGudang();
});
afterAll(() => gudang.close());

/** The raw header lines of an answer, as Node's own HTTP client parses them. */
function rawGet(url: string): Promise<{ status: number; rawHeaders: string[]; body: string }> {
  return new Promise((resolve, reject) => {
    httpRequest(url, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, rawHeaders: res.rawHeaders, body }));
    })
      .on('error', reject)
      .end();
  });
}

// The guest checks names and values too; a replaced RegExp.prototype.test (true for the name
// pattern, false for the bad-character one) gets past that check, and the host's must hold.
const routes = `
app.get('/many', (req, res) => { for (let i = 0; i < 150; i++) res.set('X-Many-' + i, 'v'); res.send('many'); });
app.get('/ninety', (req, res) => { for (let i = 0; i < 90; i++) res.set('X-Ok-' + i, 'v'); res.send('ninety'); });
app.get('/big', (req, res) => res.set('X-Big', 'b'.repeat(20000)).send('big'));
app.get('/spread', (req, res) => { for (let i = 0; i < 40; i++) res.append('Set-Cookie', 'c' + i + '=' + 'v'.repeat(500)); res.send('spread'); });
app.get('/just-under', (req, res) => res.set('X-Fits', 'f'.repeat(15000)).send('fits'));
app.get('/crlf', (req, res) => { RegExp.prototype.test = function () { return this.source[0] === '^'; }; res.set('X-A', 'ok\\r\\nSet-Cookie: stolen=1').send('x'); });
app.get('/nul', (req, res) => { RegExp.prototype.test = function () { return this.source[0] === '^'; }; res.set('X-B', 'a\\u0000b').send('x'); });
app.get('/name', (req, res) => { RegExp.prototype.test = function () { return this.source[0] === '^'; }; res.set('X Bad: 1\\r\\nX-Evil', '1').send('x'); });
`;

describe('response headers', () => {
  it.each([
    ['150 headers', '/many', /^too_many_headers$/, /15\d headers .*the limit is 100/],
    ['a 20 KB header', '/big', /^headers_too_large$/, /headers are 2\d KB .*the limit is 16 KB/],
    ['40 cookies of 500 bytes', '/spread', /^headers_too_large$/, /the limit is 16 KB/],
    ['CR/LF in a value', '/crlf', /^(invalid_response|runtime_error)$/, /"X-A" has a line break or control character|Invalid character in header "X-A"/],
    ['NUL in a value', '/nul', /^(invalid_response|runtime_error)$/, /"X-B" has a line break or control character|Invalid character in header "X-B"/],
    ['an invalid name', '/name', /^(invalid_response|runtime_error)$/, /a header name is not valid|Invalid header name/],
  ])('%s: an error step naming the limit, a 500 page every client reads', async (_name, path, code, message) => {
    const { sessionId } = await sessionWithRoutes(gudang.url, routes);
    const url = `${gudang.url}/sandbox/${sessionId}${path}`;
    const fetched = await fetch(url);
    expect(fetched.status).toBe(500);
    expect(await fetched.text()).toMatch(/Internal Server Error/);
    const raw = await rawGet(url);
    expect(raw.status).toBe(500);
    expect(raw.rawHeaders.length / 2).toBeLessThan(20);
    expect(raw.rawHeaders.join('\n')).not.toMatch(/stolen|X-Evil|X-Many|X-Big/i);
    const { trace } = await newestTrace(gudang.url, sessionId);
    const error = trace.steps.find((s: { kind: string }) => s.kind === 'error');
    expect(error.data.code).toMatch(code);
    expect(error.data.message).toMatch(message);

    const after = await call(gudang.url, 'GET', `/sandbox/${sessionId}/api/products/1`);
    expect(after.status).toBe(200);
    expect(after.json.name).toBe('Kopi Gayo 250 g');
  });

  it('within the limits, many or large headers arrive as sent', async () => {
    const { sessionId } = await sessionWithRoutes(gudang.url, routes);
    const ninety = await fetch(`${gudang.url}/sandbox/${sessionId}/ninety`);
    expect(ninety.status).toBe(200);
    expect(ninety.headers.get('x-ok-89')).toBe('v');
    const fits = await rawGet(`${gudang.url}/sandbox/${sessionId}/just-under`);
    expect(fits.status).toBe(200);
    expect(fits.body).toBe('fits');
    const fetched = await fetch(`${gudang.url}/sandbox/${sessionId}/just-under`);
    expect(fetched.headers.get('x-fits')).toHaveLength(15000);
  });
});
