import { describe, expect, it } from 'vitest';
import { buildRequest, checkJson, draftFromSuggestion, emptyDraft, joinQuery, splitQuery, toCurl } from '../../web/src/request/request-draft.js';

const base = 'http://localhost:3000/sandbox/abc';

describe('request drafts', () => {
  it('turns a suggested request into a JSON draft', () => {
    const draft = draftFromSuggestion({ label: { en: 'Add', id: 'Tambah' }, method: 'POST', path: '/api/products', headers: { 'x-a': '1' }, body: { name: 'Teh' } });
    expect(draft).toMatchObject({ method: 'POST', bodyMode: 'json', headers: [{ name: 'x-a', value: '1', enabled: true }] });
    expect(JSON.parse(draft.body)).toEqual({ name: 'Teh' });
  });

  it('splits and joins query parameters, leaving out disabled rows', () => {
    expect(splitQuery('/p?a=1&b=x%20y')).toEqual({
      pathname: '/p',
      params: [
        { name: 'a', value: '1', enabled: true },
        { name: 'b', value: 'x y', enabled: true },
      ],
    });
    expect(
      joinQuery('/p', [
        { name: 'a', value: '1', enabled: false },
        { name: 'b', value: '2', enabled: true },
      ]),
    ).toBe('/p?b=2');
    expect(joinQuery('/p', [])).toBe('/p');
  });

  it('says where a JSON body breaks', () => {
    expect(checkJson('{"a": 1}')).toEqual({ ok: true });
    expect(checkJson('')).toEqual({ ok: true });
    const bad = checkJson('{\n  "a": 1,\n}');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.line).toBe(3);
  });

  it('adds the content type of the body and no body to GET', () => {
    const post = buildRequest({ ...emptyDraft(), method: 'POST', path: '/x', bodyMode: 'form', form: [{ name: 'a', value: 'b c', enabled: true }] }, base);
    expect(post).toEqual({ url: `${base}/x`, method: 'POST', headers: [['Content-Type', 'application/x-www-form-urlencoded']], body: 'a=b+c' });
    expect(buildRequest({ ...emptyDraft(), bodyMode: 'json', body: '{}' }, base).body).toBeUndefined();
  });

  it('writes a cURL command with shell-safe quoting', () => {
    const draft = {
      ...emptyDraft(),
      method: 'POST' as const,
      path: '/api/products',
      headers: [{ name: 'Authorization', value: 'Bearer x', enabled: true }],
      bodyMode: 'json' as const,
      body: `{"name":"Kopi O'ong"}`,
    };
    expect(toCurl(draft, base)).toBe(`curl -X POST '${base}/api/products' -H 'Authorization: Bearer x' -H 'Content-Type: application/json' --data-raw '{"name":"Kopi O'\\''ong"}'`);
    expect(toCurl(emptyDraft(), base)).toBe(`curl '${base}/'`);
  });
});
