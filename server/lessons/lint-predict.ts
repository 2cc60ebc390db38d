import { fieldName } from './field-path.js';
import type { LessonFrontmatter } from './lesson-files.js';
import type { LessonProblem } from './lesson-problem.js';

/**
 * What the schema cannot see in a suggested request's predict prompt: stages naming a service the
 * lesson does not have, and a status answer missing from the codes offered to pick from.
 */
export function lintPredictPrompts(lesson: LessonFrontmatter, file: string): LessonProblem[] {
  const services = new Set(lesson.services.map((s) => `service:${s.name}`));
  return lesson.suggestedRequests.flatMap((request, i) => {
    const where = `${file} — ${fieldName(['suggestedRequests', i, 'predict'])}`;
    const problems: LessonProblem[] = [];
    for (const stage of request.predict?.stages?.answer ?? []) {
      if (stage.startsWith('service:') && !services.has(stage)) problems.push({ message: `${where}.stages — ${stage} is not one of the lesson's services` });
    }
    const status = request.predict?.status;
    if (status?.choices && !status.choices.includes(status.answer)) problems.push({ message: `${where}.status — the answer ${status.answer} is not among the choices` });
    return problems;
  });
}
