import type { StepOf } from '../../../server/contract/trace.js';
import { useI18n } from '../i18n/i18n-context.js';
import { Code, Section } from '../inspector/inspector-parts.js';
import { lineWords, never, oneLine, type StepKindView } from './step-kind.js';

function LogView({ step: { data } }: { step: StepOf<'log'> }) {
  const { t } = useI18n();
  return (
    <Section title={data.level === 'warning' ? `⚠ ${t('gudangWarning')}` : t('log')}>
      <Code>{data.message}</Code>
    </Section>
  );
}

/** A line the learner's code logged, or a warning of Gudang's about their response. */
export const logStep: StepKindView<'log'> = {
  words: { en: 'Log', id: 'Log' },
  summary: (step) => oneLine(step.data.message),
  narrate: ({ data, line }, language) => {
    const message = oneLine(data.message, 120);
    if (data.level === 'warning') return language === 'en' ? `Gudang warns: ${message}` : `Peringatan Gudang: ${message}`;
    return language === 'en' ? `Your code logged${lineWords(line, language)}: ${message}` : `Kodemu mencatat${lineWords(line, language)}: ${message}`;
  },
  failed: never,
  Inspector: LogView,
};
