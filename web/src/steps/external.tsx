import type { StepOf } from '../../../server/contract/trace.js';
import { useI18n } from '../i18n/i18n-context.js';
import { Code, Section } from '../inspector/inspector-parts.js';
import { prettyValue } from '../ui/pretty.js';
import { callerWords, lineWords, msWords, never, type StepKindView } from './step-kind.js';

function ExternalView({ step: { data } }: { step: StepOf<'external'> }) {
  const { t } = useI18n();
  return (
    <>
      <Section title={`${t('service')}: ${data.service}.${data.operation}`}>
        <p className={data.ok ? 'ok-text' : 'error-text'}>
          {data.ok ? `✓ ${t('ok')}` : `✗ ${t('failed')}`} · {t('latency')} {data.latencyMs} ms
        </p>
      </Section>
      <Section title={t('request')}>
        <Code>{prettyValue(data.request)}</Code>
      </Section>
      <Section title={t('response')}>
        <Code>{prettyValue(data.response)}</Code>
      </Section>
    </>
  );
}

/** A call to a simulated outside service: what was asked and answered. */
export const externalStep: StepKindView<'external'> = {
  words: { en: 'Outside service', id: 'Layanan eksternal' },
  summary: (step) => `${step.data.service}.${step.data.operation}`,
  narrate: (step, language, context) => {
    const { service, operation, ok, latencyMs } = step.data;
    const call = `${service}.${operation}`;
    const time = msWords(latencyMs, language);
    if (language === 'en') return `${callerWords(context, language)} called the outside service ${call}${lineWords(step.line, language)}; it ${ok ? 'answered OK' : 'failed'} after ${time}`;
    return `${callerWords(context, language)} memanggil layanan luar ${call}${lineWords(step.line, language)}; jawabannya ${ok ? 'berhasil' : 'gagal'} setelah ${time}`;
  },
  failed: never,
  Inspector: ExternalView,
};
