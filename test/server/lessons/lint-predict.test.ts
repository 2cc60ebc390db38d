import { describe, expect, it } from 'vitest';
import { lessonFrontmatterSchema } from '../../../server/lessons/lesson-files.js';
import { lintPredictPrompts } from '../../../server/lessons/lint-predict.js';

const explain = { en: 'why', id: 'mengapa' };
const lesson = (predict: unknown) =>
  lessonFrontmatterSchema.parse({ title: 'T', order: 1, services: [{ name: 'payment', kind: 'payment' }], suggestedRequests: [{ label: explain, method: 'GET', path: '/', predict }] });

describe('predict prompts on suggested requests', () => {
  it('accepts status, stages and rows, each with its explanation', () => {
    const sound = lesson({ status: { answer: 401, choices: [200, 401], explain }, stages: { answer: ['handler', 'database', 'service:payment'], explain }, rows: { answer: 0, explain } });
    expect(lintPredictPrompts(sound, 'lesson.md')).toEqual([]);
  });

  it('refuses an unknown field or stage, and an answer without its explanation', () => {
    expect(() => lesson({ status: { answer: 200, explain }, guess: 1 })).toThrow();
    expect(() => lesson({ stages: { answer: ['middleware'], explain } })).toThrow();
    expect(() => lesson({ rows: { answer: 2 } })).toThrow();
  });

  it('finds a service the lesson does not have, and an answer not among the choices', () => {
    const wrong = lesson({ status: { answer: 500, choices: [200, 401], explain }, stages: { answer: ['service:maps'], explain } });
    expect(lintPredictPrompts(wrong, 'lesson.md').map((p) => p.message)).toEqual([
      "lesson.md — suggestedRequests.1.predict.stages — service:maps is not one of the lesson's services",
      'lesson.md — suggestedRequests.1.predict.status — the answer 500 is not among the choices',
    ]);
  });
});
