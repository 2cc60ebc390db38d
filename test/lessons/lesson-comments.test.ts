import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/** English function words: every English comment has one, no Indonesian comment has any. */
const ENGLISH = /\b(the|a|an|is|are|and|of|to|in|with|when|then|every|its|your|what|for|only|may|it|one|as|not|or|does|do|their|after|before)\b/i;

const files = readdirSync('lessons')
  .filter((name) => /^\d\d-/.test(name))
  .flatMap((lesson) => ['starter.ts', 'solution.ts'].map((file) => `lessons/${lesson}/${file}`));

describe('comments in starter and solution code', () => {
  it('come in pairs: each English line is followed by its Indonesian line', () => {
    for (const file of files) {
      const comments = readFileSync(file, 'utf8')
        .split('\n')
        .filter((line) => /^\s*\/\//.test(line))
        .map((line) => line.replace(/^\s*\/\/\s?/, ''));
      expect(comments.length % 2, `${file}: an odd number of comment lines`).toBe(0);
      for (let i = 0; i < comments.length; i += 2) {
        expect(ENGLISH.test(comments[i]!), `${file}: "${comments[i]}" should be English`).toBe(true);
        expect(ENGLISH.test(comments[i + 1]!), `${file}: "${comments[i + 1]}" should be its Indonesian line`).toBe(false);
      }
    }
  });
});
