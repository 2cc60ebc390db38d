import type { StepOf } from '../../../server/contract/trace.js';
import { useI18n } from '../i18n/i18n-context.js';
import { Code, HeaderList, Section } from '../inspector/inspector-parts.js';
import { prettyValue } from '../ui/pretty.js';
import { never, type StepKindView } from './step-kind.js';

function ReceiveView({ step: { data } }: { step: StepOf<'receive'> }) {
  const { t } = useI18n();
  return (
    <>
      <Section title={t('requestLine')}>
        <Code>{`${data.method} ${data.url}`}</Code>
      </Section>
      <Section title={t('headers')}>
        <HeaderList headers={data.headers} />
      </Section>
      {data.bodyError && (
        <Section title={t('bodyError')}>
          <p className="error-text">⚠ {data.bodyError.message}</p>
        </Section>
      )}
      {data.body !== undefined && (
        <Section title={t('parsedBody')}>
          <Code>{prettyValue(data.body)}</Code>
        </Section>
      )}
      {data.rawBody !== null && (
        <Section title={`${t('rawBody')}${data.rawBodyTruncated ? ` ${t('truncated')}` : ''}`}>
          <Code>{data.rawBody}</Code>
        </Section>
      )}
    </>
  );
}

/** Express received the request: its line, headers and body. */
export const receiveStep: StepKindView<'receive'> = {
  words: { en: 'Receive', id: 'Menerima' },
  summary: (step) => `${step.data.method} ${step.data.url}`,
  failed: never,
  Inspector: ReceiveView,
};
