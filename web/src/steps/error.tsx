import { failureText, failureWords, frameWords, hintWords } from '../../../server/contract/failure-words.js';
import type { StepOf } from '../../../server/contract/trace.js';
import { useI18n } from '../i18n/i18n-context.js';
import { Code, Section } from '../inspector/inspector-parts.js';
import { lineWords, oneLine, type StepKindView } from './step-kind.js';

function ErrorView({ step: { data, line } }: { step: StepOf<'error'> }) {
  const { t, language } = useI18n();
  const words = (failureWords[language][data.code] as (params: typeof data.params) => string)(data.params);
  const hint = data.code === 'runtime_error' ? data.params.hint : undefined;
  return (
    <Section title={t('error')}>
      <p className="error-text" data-testid="error-words">
        ⚠ {words}
        {line !== undefined ? ` (${t('atLine')} ${line})` : ''}
      </p>
      {'detail' in data.params && <Code label={t('originalMessage')}>{data.params.detail}</Code>}
      {hint && (
        <div className="callout" role="note" data-testid="error-hint">
          <strong>{t('hint')}:</strong> {hintWords[language][hint]}
        </div>
      )}
      {data.stack.length > 0 && <Code label={t('stack')}>{data.stack.map(frameWords[language]).join('\n')}</Code>}
    </Section>
  );
}

/** What stopped the learner's code (or the request before it), in the learner's language. */
export const errorStep: StepKindView<'error'> = {
  words: { en: 'Error', id: 'Kesalahan' },
  summary: (step, language) => oneLine(failureText(step.data, language)),
  narrate: (step, language) => {
    const text = oneLine(failureText(step.data, language), 160);
    return language === 'en' ? `The request stopped with an error${lineWords(step.line, language)}: ${text}` : `Permintaan berhenti karena kesalahan${lineWords(step.line, language)}: ${text}`;
  },
  failed: () => true,
  Inspector: ErrorView,
};
