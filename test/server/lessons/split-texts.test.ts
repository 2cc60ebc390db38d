import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { splitTexts } from '../../../server/lessons/split-texts.js';

const problems = (text: string) => {
  const document = parseDocument(text);
  return splitTexts(document, (offset) => text.slice(0, offset).split('\n').length, 'checks.yaml').map((p) => p.message);
};

describe('texts cut at an unquoted comma', () => {
  it('names the file, line, field and the words that were cut off', () => {
    const text = ['checks:', '  - id: a', '    title: { en: Fine, id: Baik }', '  - id: b', '    title: { en: Refused, and the shop keeps working, id: Ditolak, dan toko tetap berjalan }'].join('\n');
    expect(problems(text)).toEqual([
      'checks.yaml:5 — checks.2.title — a text was cut at an unquoted comma before "and the shop keeps working": put the text in quotes',
      'checks.yaml:5 — checks.2.title — a text was cut at an unquoted comma before "dan toko tetap berjalan": put the text in quotes',
    ]);
  });

  it('accepts quoted commas, block mappings and maps that are not texts', () => {
    const text = [
      'title: { en: "Refused, and kept", id: "Ditolak, dan tetap" }',
      'failure:',
      '  en: Refused, and kept',
      '  id: Ditolak, dan tetap',
      'request: { method: GET, path: /x }',
      'body: { name: null }',
    ].join('\n');
    expect(problems(text)).toEqual([]);
  });

  it('is what lessons:check reports for every lesson (none is cut today)', async () => {
    const { readdirSync, readFileSync, existsSync } = await import('node:fs');
    for (const lesson of readdirSync('lessons').filter((name) => /^\d\d-/.test(name))) {
      const file = `lessons/${lesson}/checks.yaml`;
      if (existsSync(file)) expect(problems(readFileSync(file, 'utf8')), file).toEqual([]);
    }
  });
});
