import { describe, expect, it } from 'vitest';
import { checkResponseHeaders } from '../../../server/http/response-headers.js';

const limits = { count: 100, bytes: 16 * 1024 };
const ours: [string, string][] = [['Content-Security-Policy', 'sandbox allow-scripts']];

describe('checkResponseHeaders', () => {
  it('keeps ordinary headers as they are', () => {
    const result = checkResponseHeaders(
      [
        ['Content-Type', 'text/html'],
        ['Set-Cookie', ['a=1', 'b=2']],
      ],
      ours,
      limits,
    );
    expect(result).toEqual({
      ok: true,
      headers: [
        ['Content-Type', 'text/html'],
        ['Set-Cookie', ['a=1', 'b=2']],
      ],
      warnings: [],
      optionalFit: true,
    });
  });

  it.each(['Content-Length', 'transfer-encoding', 'CONNECTION', 'Keep-Alive', 'Upgrade', 'Trailer', 'TE', 'Proxy-Connection', 'Content-Encoding', 'HTTP2-Settings'])(
    'drops the framing header %s with a warning naming it',
    (name) => {
      const result = checkResponseHeaders(
        [
          [name, '1'],
          ['X-Kept', 'yes'],
        ],
        ours,
        limits,
      );
      expect(result).toMatchObject({ ok: true, headers: [['X-Kept', 'yes']] });
      expect(result.ok && result.warnings).toEqual([expect.stringContaining(`dropped your "${name}" header`)]);
    },
  );

  it.each([
    ['a CR/LF', [['X-A', 'a\r\nSet-Cookie: x=1']]],
    ['a NUL', [['X-A', 'a\u0000b']]],
    ['a control character in one of several values', [['X-A', ['fine', 'bad\u0007']]]],
    ['a character beyond Latin-1', [['X-A', '東京']]],
  ] as [string, [string, string | string[]][]][])('refuses a value with %s', (_name, headers) => {
    expect(checkResponseHeaders(headers, ours, limits)).toMatchObject({
      ok: false,
      failure: { code: 'invalid_response', params: { detail: expect.stringMatching(/"X-A" has a line break or control character/) } },
    });
  });

  it.each(['X Bad', '', 'X:Y', 'X\r\nY', ':status', 'Ünï'])('refuses the header name %j', (name) => {
    expect(checkResponseHeaders([[name, '1']], ours, limits)).toMatchObject({ ok: false, failure: { code: 'invalid_response', params: { detail: expect.stringMatching(/name is not valid/) } } });
  });

  it('counts every value, Gudang’s own headers and what the writer adds against the limits', () => {
    const many = Array.from({ length: 93 }, (_, i) => [`X-${i}`, 'v'] as [string, string]);
    expect(checkResponseHeaders(many, ours, limits).ok).toBe(true);
    expect(checkResponseHeaders([...many, ['X-One-More', 'v']], ours, limits)).toMatchObject({ ok: false, failure: { code: 'too_many_headers', params: { limit: 100, count: 101 } } });
    expect(checkResponseHeaders([['Set-Cookie', Array.from({ length: 95 }, () => 'a=1')]], ours, limits)).toMatchObject({ ok: false, failure: { code: 'too_many_headers' } });
    expect(checkResponseHeaders([['X-Big', 'x'.repeat(16 * 1024)]], ours, limits)).toMatchObject({ ok: false, failure: { code: 'headers_too_large', params: { limitBytes: 16 * 1024 } } });
    expect(checkResponseHeaders([['X-Big', 'x'.repeat(15 * 1024)]], ours, limits).ok).toBe(true);
  });

  it('adds an optional header only when it fits too, and never fails a response for it', () => {
    // 256 bytes for the writer's headers, 48 for the policy line, 9 for "X-Big: " and CRLF: 16071 x's fill 16 KiB exactly.
    const timing: [string, string][] = [['Server-Timing', 'total;dur=1']];
    expect(checkResponseHeaders([['X-Big', 'x'.repeat(16071)]], ours, limits, timing)).toMatchObject({ ok: true, optionalFit: false });
    expect(checkResponseHeaders([['X-Big', 'x'.repeat(16072)]], ours, limits, timing)).toMatchObject({ ok: false });
    expect(checkResponseHeaders([['X-Big', 'x'.repeat(16071 - 28)]], ours, limits, timing)).toMatchObject({ ok: true, optionalFit: true });
    expect(checkResponseHeaders([['X-Big', 'x'.repeat(16071 - 27)]], ours, limits, timing)).toMatchObject({ ok: true, optionalFit: false });
    const many = Array.from({ length: 93 }, (_, i) => [`X-${i}`, 'v'] as [string, string]);
    expect(checkResponseHeaders(many, ours, limits, timing)).toMatchObject({ ok: true, optionalFit: false });
  });
});
