import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { traceSchema, type Trace } from '../../../server/contract/trace.js';
import type { Gudang } from '../../../server/gudang.js';
import { call, newSession, startTestGudang } from '../../helpers/gudang-under-test.js';

/**
 * What Express 5 refuses, Gudang refuses: each value below makes real Express answer 500 (a
 * TypeError or RangeError thrown by res.status, res.send, res.json, res.set or Node's setHeader).
 * In Gudang it must be an error step at the learner's line and a 500, never a 200 with an empty
 * body, and the same session must answer a normal request afterwards. The same cases are compared
 * response for response with real Express in test/server/sandbox/express-parity.test.ts.
 */
const refusals: { name: string; statement: string; detail: RegExp }[] = [
  { name: 'res.send(Symbol())', statement: 'res.send(Symbol());', detail: /must be of type string or an instance of Buffer/ },
  { name: 'res.send of a function', statement: 'res.send(() => 1);', detail: /Received function/ },
  { name: 'res.send(10n)', statement: 'res.send(10n);', detail: /Received type bigint/ },
  { name: 'res.json(1n)', statement: 'res.json(1n);', detail: /BigInt/ },
  { name: 'res.json of an object holding a BigInt', statement: 'res.json({ total: 5n });', detail: /BigInt/ },
  { name: 'res.status(1.5)', statement: "res.status(1.5).send('x');", detail: /Status code must be an integer/ },
  { name: "res.status('404')", statement: "res.status('404').send('x');", detail: /must be an integer/ },
  { name: 'res.status(NaN)', statement: "res.status(NaN).send('x');", detail: /must be an integer/ },
  { name: 'res.status(99)', statement: "res.status(99).send('x');", detail: /greater than 99 and less than 1000/ },
  { name: 'res.status(1000)', statement: 'res.status(1000).json({});', detail: /greater than 99 and less than 1000/ },
  { name: 'res.sendStatus(1234)', statement: 'res.sendStatus(1234);', detail: /less than 1000/ },
  { name: 'res.set Content-Type to a list', statement: "res.set('Content-Type', ['text/html', 'text/plain']).send('x');", detail: /Content-Type cannot be set to an Array/ },
  { name: 'a header value with a line break', statement: "res.set('X-Note', 'a\\r\\nSet-Cookie: x=1').send('x');", detail: /Invalid character in header content/ },
  { name: 'a header name with a colon', statement: "res.set('X:Note', '1').send('x');", detail: /valid HTTP token/ },
  { name: 'res.setHeader(name, undefined)', statement: "res.setHeader('X-Note', undefined); res.send('x');", detail: /Invalid value "undefined"/ },
  { name: 'a signed cookie without a secret', statement: "res.cookie('sid', 'x', { signed: true }).send('x');", detail: /signed cookies/ },
  { name: 'a cookie with an invalid maxAge', statement: "res.cookie('sid', 'x', { maxAge: 'soon' }).send('x');", detail: /maxAge/ },
];

const LINE = 3;
const codeFor = (statement: string) => ["app.get('/ok', (req, res) => res.json({ ok: true }));", "app.get('/refused', (req, res) => {", `  ${statement}`, '});'].join('\n');

let gudang: Gudang;
beforeAll(async () => {
  gudang = await startTestGudang({ workers: 1 });
});
afterAll(() => gudang.close());

async function latestTrace(sessionId: string): Promise<Trace> {
  const list = await call(gudang.url, 'GET', `/api/sessions/${sessionId}/traces`);
  const learner = list.json.traces.find((t: { origin: string }) => t.origin === 'learner');
  return traceSchema.parse((await call(gudang.url, 'GET', `/api/sessions/${sessionId}/traces/${learner.id}`)).json);
}

describe('values Express 5 refuses are errors in Gudang too', () => {
  it.each(refusals)('$name', async ({ statement, detail }) => {
    const { sessionId } = await newSession(gudang.url);
    const put = await call(gudang.url, 'PUT', `/api/sessions/${sessionId}/code`, { code: codeFor(statement) });
    expect(put.status).toBe(200);

    const refused = await call(gudang.url, 'GET', `/sandbox/${sessionId}/refused`);
    expect(refused.status).toBe(500);
    expect(refused.text).toContain('Internal Server Error');
    const trace = await latestTrace(sessionId);
    const error = trace.steps.find((s) => s.kind === 'error');
    expect(error?.kind === 'error' && error.data.code).toBe('runtime_error');
    expect(error?.kind === 'error' && error.data.code === 'runtime_error' && error.data.params.detail).toMatch(detail);
    expect(error?.line).toBe(LINE);

    const after = await call(gudang.url, 'GET', `/sandbox/${sessionId}/ok`);
    expect(after.status).toBe(200);
    expect(after.json).toEqual({ ok: true });
  });
});
