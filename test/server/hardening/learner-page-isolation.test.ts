import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Gudang } from '../../../server/gudang.js';
import { DEFAULT_LIMITS } from '../../../server/sandbox/sandbox-types.js';
import { LEARNER_PAGE_POLICY } from '../../../server/http/learner-page-isolation.js';
import { call, sessionWithRoutes, startTestGudang } from '../../helpers/gudang-under-test.js';

/**
 * Every response under /sandbox/ carries the sandbox policy, set in one place as the headers are
 * written: learner code can add a policy of its own (browsers enforce each, so it is only
 * stricter) but cannot replace or remove Gudang's. The browser side is test/e2e/learner-page-isolation.
 */
let gudang: Gudang;
beforeAll(async () => {
  // A generous deadline: a first request on a loaded machine is not what these cases are about.
  gudang = await startTestGudang({ limits: { ...DEFAULT_LIMITS, timeoutMs: 5000 } });
});
afterAll(() => gudang.close());

/** The Content-Security-Policy lines of an answer, one per header line as sent. */
function policies(url: string): Promise<{ status: number; lines: string[] }> {
  return new Promise((resolve, reject) => {
    httpRequest(url, (res) => {
      res.resume();
      const lines: string[] = [];
      for (let i = 0; i < res.rawHeaders.length; i += 2) if (res.rawHeaders[i]!.toLowerCase() === 'content-security-policy') lines.push(res.rawHeaders[i + 1]!);
      res.on('end', () => resolve({ status: res.statusCode!, lines }));
    })
      .on('error', reject)
      .end();
  });
}

const routes = `
app.get('/page', (req, res) => res.send('<script>document.title = "mine"</script>'));
app.get('/open', (req, res) => res.set('Content-Security-Policy', 'sandbox allow-scripts allow-same-origin').send('<p>open</p>'));
app.get('/object', (req, res) => res.set({ 'content-security-policy': "default-src 'self'" }).send('<p>object</p>'));
app.get('/append', (req, res) => { res.append('Content-Security-Policy', ['img-src data:', 'script-src https:']); res.send('<p>append</p>'); });
app.get('/boom', (req, res) => { throw new Error('boom'); });
`;

describe('responses from /sandbox/', () => {
  it.each([
    ['an HTML page', '/page', 200, []],
    ['a policy that asks for allow-same-origin', '/open', 200, ['sandbox allow-scripts allow-same-origin']],
    ['a policy set with an object', '/object', 200, ["default-src 'self'"]],
    ['policies appended', '/append', 200, ['img-src data:', 'script-src https:']],
    ['an error page', '/boom', 500, ["default-src 'none'"]],
    ['the learner app’s own 404', '/nowhere', 404, ["default-src 'none'"]],
  ])('%s carries Gudang’s sandbox policy, after any the learner set', async (_name, path, status, theirs) => {
    const { sessionId } = await sessionWithRoutes(gudang.url, routes);
    const answer = await policies(`${gudang.url}/sandbox/${sessionId}${path}`);
    expect(answer.status).toBe(status);
    expect(answer.lines).toEqual([...theirs, LEARNER_PAGE_POLICY]);
    expect(LEARNER_PAGE_POLICY).toBe('sandbox allow-scripts allow-forms allow-popups');
    expect((await call(gudang.url, 'GET', `/sandbox/${sessionId}/api/products/1`)).status).toBe(200);
  });

  it.each([
    ['an unknown session', '/sandbox/AAAAAAAAAAAAAAAAAAAAAA/x', 404],
    ['a malformed session id', '/sandbox/not-an-id/x', 404],
  ])('%s is sandboxed too', async (_name, path, status) => {
    const answer = await policies(`${gudang.url}${path}`);
    expect(answer).toEqual({ status, lines: [LEARNER_PAGE_POLICY] });
  });

  it('the UI itself is not sandboxed', async () => {
    expect((await policies(`${gudang.url}/api/lessons`)).lines).toEqual([]);
  });
});
