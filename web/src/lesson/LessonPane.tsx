import type { Language, Lesson } from '../../../server/contract/lesson.js';
import { useI18n } from '../i18n/i18n-context.js';
import { LessonArticle } from './LessonArticle.js';
import { useMarkdown } from './use-markdown.js';

export interface LessonPaneProps {
  lesson?: Lesson;
  language: Language;
  /** `file:line — field — problem` of the lesson's files (dev reload); shown until they are fixed. */
  problems?: string[];
  /** The lesson's starter changed since the session began. */
  starterChanged?: boolean;
  onTakeStarter?: () => void;
}

/** The lesson's text in the chosen language, its hints folded away, and what the instructor's files say now. */
export function LessonPane({ lesson, language, problems = [], starterChanged = false, onTakeStarter }: LessonPaneProps) {
  const { t } = useI18n();
  const [html, ...hintHtml] = useMarkdown(lesson ? [lesson.text[language], ...lesson.hints.map((hint) => hint[language])] : []);
  if (!lesson) return <p className="empty">{t('loading')}</p>;
  return (
    <LessonArticle lesson={lesson} language={language} html={html} hintHtml={hintHtml}>
      {problems.length > 0 && (
        <div className="lesson__banner" role="alert" data-testid="lesson-problems">
          <p>{t('lessonProblems')}</p>
          <ul lang="en">
            {problems.map((problem) => (
              <li key={problem}>
                <code>{problem}</code>
              </li>
            ))}
          </ul>
        </div>
      )}
      {starterChanged && (
        <div className="lesson__banner lesson__banner--info" role="status">
          <p>{t('lessonChanged')}</p>
          <button type="button" className="small-button" onClick={onTakeStarter}>
            {t('takeNewStarter')}
          </button>
        </div>
      )}
    </LessonArticle>
  );
}
