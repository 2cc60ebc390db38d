import type { ReactNode } from 'react';
import type { Language, Lesson } from '../../../server/contract/lesson.js';
import { useI18n } from '../i18n/i18n-context.js';

export interface LessonArticleProps {
  lesson: Lesson;
  language: Language;
  /** The lesson's text as HTML (undefined while the Markdown renderer loads). */
  html: string | undefined;
  /** Each hint as HTML, in the lesson's order. */
  hintHtml: (string | undefined)[];
  /** Banners above the title (lesson problems, a changed starter). */
  children?: ReactNode;
}

/**
 * The lesson's text and its folded hints. The server renders this same component into the first
 * HTML answer (server/http/first-screen.ts), so the text the browser paints before any script runs
 * has exactly the geometry the app gives it: nothing moves when the app takes over.
 */
export function LessonArticle({ lesson, language, html, hintHtml, children }: LessonArticleProps) {
  const { t } = useI18n();
  return (
    <article className="lesson" data-testid="lesson" lang={language} aria-busy={html === undefined || undefined}>
      {children}
      <h1>{lesson.title[language]}</h1>
      {lesson.walkthrough && <p className="lesson__badge">{t('walkthrough')}</p>}
      {/* biome-ignore lint/security/noDangerouslySetInnerHtml: the lesson's own Markdown, from the instructor's files, rendered by marked */}
      <div className="prose" dangerouslySetInnerHTML={{ __html: html ?? '' }} />
      {lesson.hints.length > 0 && (
        <section aria-label={t('hints')}>
          <h2>{t('hints')}</h2>
          {lesson.hints.map((_, i) => (
            <details key={i} className="hint">
              <summary>
                {t('hint')} {i + 1}
              </summary>
              {/* biome-ignore lint/security/noDangerouslySetInnerHtml: a hint from the lesson's files, rendered by marked */}
              <div className="prose" dangerouslySetInnerHTML={{ __html: hintHtml[i] ?? '' }} />
            </details>
          ))}
        </section>
      )}
    </article>
  );
}
