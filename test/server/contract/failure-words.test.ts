import { describe, expect, it } from 'vitest';
import { failureCodes, failureSchema, hintCodeSchema, type Failure } from '../../../server/contract/failure.js';
import { failureText, failureTextWithHint, failureWords, frameWords, hintWords } from '../../../server/contract/failure-words.js';
import { languageSchema } from '../../../server/contract/lesson.js';

/** One failure of each code with plausible figures, as the server builds them. */
const samples: Failure[] = [
  { code: 'runtime_error', params: { detail: "TypeError: cannot read property 'Symbol.iterator' of undefined", hint: 'no_json_body' } },
  { code: 'no_response', params: {} },
  { code: 'timeout', params: { limitMs: 1000 } },
  { code: 'timeout_restarted', params: { limitMs: 1500 } },
  { code: 'out_of_memory', params: { limitBytes: 32 * 1024 * 1024 } },
  { code: 'response_too_large', params: { limitBytes: 1024 * 1024 } },
  { code: 'log_too_large', params: { limitBytes: 64 * 1024 } },
  { code: 'too_many_queries', params: { limit: 200 } },
  { code: 'too_many_rows', params: { limit: 5000 } },
  { code: 'out_of_memory', params: { limitBytes: 32 * 1024 * 1024, stackBytes: 256 * 1024 } },
  { code: 'sql_memory_exceeded', params: { limitBytes: 64 * 1024 * 1024 } },
  { code: 'sql_value_too_large', params: { limitBytes: 1024 * 1024, what: 'parameter' } },
  { code: 'query_result_too_large', params: { limitBytes: 8 * 1024 * 1024 } },
  { code: 'database_too_large', params: { limitBytes: 16 * 1024 * 1024 } },
  { code: 'payload_too_large', params: { limitBytes: 8 * 1024 * 1024 } },
  { code: 'too_many_headers', params: { limit: 100, count: 152 } },
  { code: 'headers_too_large', params: { limitBytes: 16 * 1024, sizeBytes: 20 * 1024 } },
  { code: 'paused', params: { strikes: 3, seconds: 30 } },
  { code: 'quarantine_full', params: { seconds: 5 } },
  { code: 'sandbox_crashed', params: {} },
  { code: 'invalid_response', params: { detail: 'Invalid character in header content ["x"]' } },
  { code: 'body_too_large', params: { limitBytes: 100 * 1024 } },
  { code: 'body_unreadable', params: { detail: 'request aborted' } },
  { code: 'body_invalid_json', params: { detail: 'Unexpected token p in JSON at position 16' } },
  { code: 'wrong_method', params: { method: 'DELETE', path: '/api/products/1', allowed: ['GET', 'PUT'] } },
];

describe('every failure has words in English and Bahasa Indonesia', () => {
  it('has a sample here for every code the contract defines', () => {
    expect([...new Set(samples.map((s) => s.code))].sort()).toEqual([...failureCodes].sort());
    for (const sample of samples) expect(failureSchema.parse(sample)).toEqual(sample);
  });

  for (const language of languageSchema.options) {
    it(`words each failure in ${language}, with its figures and the original text`, () => {
      for (const sample of samples) {
        const text = failureText(sample, language);
        expect(text.length, sample.code).toBeGreaterThan(10);
        for (const value of Object.values(sample.params)) {
          if (typeof value === 'string' && 'detail' in sample.params && value === sample.params.detail) expect(text).toContain(value);
        }
      }
      expect(failureText({ code: 'timeout', params: { limitMs: 1000 } }, language)).toContain('1 s');
      expect(failureText({ code: 'too_many_queries', params: { limit: 200 } }, language)).toContain('200');
      expect(failureText({ code: 'out_of_memory', params: { limitBytes: 32 * 1024 * 1024 } }, language)).toContain('32 MB');
    });

    it(`has a plain hint in ${language} for every hint code`, () => {
      for (const code of hintCodeSchema.options) expect(hintWords[language][code].length, code).toBeGreaterThan(20);
    });
  }

  it('says different things in the two languages (no untranslated copy)', () => {
    for (const sample of samples) expect(failureText(sample, 'id'), sample.code).not.toBe(failureText(sample, 'en'));
    for (const code of hintCodeSchema.options) expect(hintWords.id[code], code).not.toBe(hintWords.en[code]);
    expect(Object.keys(failureWords.en).sort()).toEqual(Object.keys(failureWords.id).sort());
  });

  it('keeps the engine’s text unchanged under a translated lead-in, and adds the hint', () => {
    const missingBody = samples[0]!;
    expect(failureText(missingBody, 'id')).toBe("Kodemu berhenti karena kesalahan: TypeError: cannot read property 'Symbol.iterator' of undefined");
    expect(failureTextWithHint(missingBody, 'en')).toMatch(/^Your code stopped with an error: TypeError: .* — The request had no JSON body/);
  });

  it('words frames of the learner’s code', () => {
    expect(frameWords.en({ fn: null, line: 26 })).toBe('at your code (line 26)');
    expect(frameWords.id({ fn: 'total', line: 4 })).toBe('di total (baris 4)');
  });
});
