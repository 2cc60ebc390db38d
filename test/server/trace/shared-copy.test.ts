import { describe, expect, it } from 'vitest';
import type { Trace } from '../../../server/contract/trace.js';
import { HIDDEN, sharedCopy } from '../../../server/trace/shared-copy.js';

const SESSION = 'AbCdEfGhIjKlMnOpQrStUv';
const TOKEN = 'tok_0123456789abcdef';

const traceWith = (cookie: string | string[] | undefined): Trace => ({
  id: 't1',
  sessionId: SESSION,
  startedAt: '2026-01-01T00:00:00Z',
  method: 'GET',
  url: '/echo',
  status: 200,
  durationMs: 1,
  origin: 'learner',
  steps: [
    {
      seq: 0,
      kind: 'receive',
      node: 'express',
      startMs: 0,
      durationMs: 0,
      data: {
        method: 'GET',
        url: '/echo',
        path: '/echo',
        query: {},
        headers: { referer: `http://localhost/sandbox/${SESSION}/`, ...(cookie ? { cookie } : {}) },
        rawBody: null,
        rawBodyTruncated: false,
      },
    },
    {
      seq: 1,
      kind: 'respond',
      node: 'response',
      startMs: 1,
      durationMs: 0,
      data: { status: 200, headers: {}, contentType: 'application/json', body: `{"cookie":"gudang_student=${TOKEN}","you":"${SESSION}"}`, bodyTruncated: false, size: 10 },
    },
  ],
});

describe('a trace as a share link shows it', () => {
  it('has the session id nowhere, and Gudang’s cookie neither in the request nor where the app echoed it', () => {
    const copy = sharedCopy(traceWith(`theme=dark; gudang_student=${TOKEN}`));
    const json = JSON.stringify(copy);
    expect(json).not.toContain(SESSION);
    expect(json).not.toContain(TOKEN);
    expect(copy.sessionId).toBe(HIDDEN);
    expect(copy.steps[0]!.kind === 'receive' && copy.steps[0]!.data.headers).toEqual({ referer: `http://localhost/sandbox/${HIDDEN}/`, cookie: 'theme=dark' });
  });

  it('drops a Cookie header that held only Gudang’s cookies, sent as a list too', () => {
    const copy = sharedCopy(traceWith([`gudang_student=${TOKEN}`, 'gudang_teacher_ABC123=tok_teacher_secret']));
    expect(copy.steps[0]!.kind === 'receive' && copy.steps[0]!.data.headers.cookie).toBeUndefined();
    expect(JSON.stringify(copy)).not.toContain('tok_teacher_secret');
  });

  it('leaves out the learner’s address that a proxy recorded, also where the app echoed it', () => {
    const trace = traceWith(undefined);
    const receive = trace.steps[0]!;
    if (receive.kind === 'receive') Object.assign(receive.data.headers, { 'x-forwarded-for': '203.0.113.7, 10.0.0.2', 'x-real-ip': '203.0.113.7', 'x-forwarded-proto': 'https' });
    const respond = trace.steps[1]!;
    if (respond.kind === 'respond') respond.data.body = '{"ip":"203.0.113.7"}';
    const copy = sharedCopy(trace);
    expect(JSON.stringify(copy)).not.toContain('203.0.113.7');
    expect(copy.steps[0]!.kind === 'receive' && Object.keys(copy.steps[0]!.data.headers).sort()).toEqual(['referer', 'x-forwarded-proto']);
  });

  it('keeps the rest of the trace as it was', () => {
    const original = traceWith(undefined);
    const copy = sharedCopy(original);
    expect(copy).toMatchObject({ id: 't1', method: 'GET', url: '/echo', status: 200, origin: 'learner', durationMs: 1 });
    const [, respond] = original.steps;
    expect(copy.steps[1]).toEqual({ ...respond, data: { ...respond!.data, body: `{"cookie":"gudang_student=${TOKEN}","you":"${HIDDEN}"}` } });
  });
});
