import { useMemo } from 'react';
import type { Language, Lesson } from '../../../server/contract/lesson.js';
import { useI18n } from '../i18n/i18n-context.js';
import { renderMarkdown } from './render-markdown.js';

export interface LessonPaneProps {
  lesson?: Lesson;
  language: Language;
  /** `file:line — field — problem` of the lesson's files (dev reload); shown until they are fixed. */
  problems?: string[];
  /** The lesson's starter changed since the session began. */
  starterChanged?: boolean;
  onTakeStarter?: () => void;
}

/** The lesson's text in the chosen language, and its hints folded away. */
export function LessonPane({ lesson, language, problems = [], starterChanged = false, onTakeStarter }: LessonPaneProps) {
  const { t } = useI18n();
  const html = useMemo(() => (lesson ? renderMarkdown(lesson.text[language]) : ''), [lesson, language]);
  if (!lesson) return <p className="empty">{t('loading')}</p>;
  return (
    <article className="lesson" data-testid="lesson" lang={language}>
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
      <h1>{lesson.title[language]}</h1>
      {lesson.walkthrough && <p className="lesson__badge">{t('walkthrough')}</p>}
      {/* biome-ignore lint/security/noDangerouslySetInnerHtml: the lesson's own Markdown, from the instructor's files, rendered by marked */}
      <div className="prose" dangerouslySetInnerHTML={{ __html: html }} />
      {lesson.hints.length > 0 && (
        <section aria-label={t('hints')}>
          <h2>{t('hints')}</h2>
          {lesson.hints.map((hint, i) => (
            <details key={i} className="hint">
              <summary>
                {t('hint')} {i + 1}
              </summary>
              {/* biome-ignore lint/security/noDangerouslySetInnerHtml: a hint from the lesson's files, rendered by marked */}
              <div className="prose" dangerouslySetInnerHTML={{ __html: renderMarkdown(hint[language]) }} />
            </details>
          ))}
        </section>
      )}
    </article>
  );
}
