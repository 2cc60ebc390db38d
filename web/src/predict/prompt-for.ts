import type { PredictPrompt, SuggestedRequest } from '../../../server/contract/lesson.js';
import { draftFromSuggestion, type RequestDraft } from '../request/request-draft.js';

/** What the request says, for comparing: a suggestion edited in any of these is another request. */
const shape = (draft: RequestDraft) => JSON.stringify([draft.method, draft.path, draft.headers.filter((h) => h.enabled), draft.bodyMode, draft.body, draft.form]);

/** The lesson's prompt for the request about to be sent: only when it is one of its suggestions, unedited. */
export function promptFor(draft: RequestDraft, suggestions: SuggestedRequest[]): PredictPrompt | undefined {
  const sent = shape(draft);
  return suggestions.find((s) => s.predict && shape(draftFromSuggestion(s)) === sent)?.predict;
}
