import { useMemo } from 'react';
import type { Language, Lesson } from '../../../server/contract/lesson.js';
import { useI18n } from '../i18n/i18n-context.js';
import { renderMarkdown } from './render-markdown.js';

/** The lesson's text in the chosen language, and its hints folded away. */
export function LessonPane({ lesson, language }: { lesson?: Lesson; language: Language }) {
  const { t } = useI18n();
  const html = useMemo(() => (lesson ? renderMarkdown(lesson.text[language]) : ''), [lesson, language]);
  if (!lesson) return <p className="empty">{t('loading')}</p>;
  return (
    <article className="lesson" data-testid="lesson" lang={language}>
      <h1>{lesson.title[language]}</h1>
      {lesson.walkthrough && <p className="lesson__badge">{t('walkthrough')}</p>}
      <div className="prose" dangerouslySetInnerHTML={{ __html: html }} />
      {lesson.hints.length > 0 && (
        <section aria-label={t('hints')}>
          <h2>{t('hints')}</h2>
          {lesson.hints.map((hint, i) => (
            <details key={i} className="hint">
              <summary>
                {t('hint')} {i + 1}
              </summary>
              <div className="prose" dangerouslySetInnerHTML={{ __html: renderMarkdown(hint[language]) }} />
            </details>
          ))}
        </section>
      )}
    </article>
  );
}
