import { describe, expect, it } from 'vitest';
import { suggestedRequestSchema } from '../../../server/contract/lesson.js';
import { promptFor } from '../../../web/src/predict/prompt-for.js';
import { draftFromSuggestion } from '../../../web/src/request/request-draft.js';

const explain = { en: 'why', id: 'mengapa' };
const asked = suggestedRequestSchema.parse({ label: explain, method: 'GET', path: '/api/orders', headers: { Authorization: 'Bearer t' }, predict: { rows: { answer: 2, explain } } });
const plain = suggestedRequestSchema.parse({ label: explain, method: 'GET', path: '/api/me' });

describe("the lesson's prompt for a request", () => {
  it('is the suggestion’s own when the request is that suggestion, unedited', () => {
    expect(promptFor(draftFromSuggestion(asked), [plain, asked])).toEqual({ rows: { answer: 2, explain } });
  });

  it('is none for an edited suggestion or one without a prompt', () => {
    const edited = { ...draftFromSuggestion(asked), path: '/api/orders?x=1' };
    const noToken = { ...draftFromSuggestion(asked), headers: [] };
    expect([edited, noToken, draftFromSuggestion(plain)].map((d) => promptFor(d, [plain, asked]))).toEqual([undefined, undefined, undefined]);
  });
});
