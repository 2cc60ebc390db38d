import type { StepOf } from '../../../server/contract/trace.js';
import { useI18n } from '../i18n/i18n-context.js';
import { Code, HeaderList, Section } from '../inspector/inspector-parts.js';
import { prettyValue } from '../ui/pretty.js';
import { countWords, never, type StepKindView } from './step-kind.js';

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
  narrate: ({ data }, language) => {
    const en = language === 'en';
    const said = en ? `Express received ${data.method} ${data.url}` : `Express menerima ${data.method} ${data.url}`;
    if (data.bodyError) return en ? `${said}, but could not read its body: ${data.bodyError.message}` : `${said}, tetapi body-nya tidak bisa dibaca: ${data.bodyError.message}`;
    const body = data.body;
    if (Array.isArray(body)) return en ? `${said} with a JSON list of ${countWords(body.length, 'item', 'items')}` : `${said} dengan daftar JSON berisi ${body.length} item`;
    if (body !== null && typeof body === 'object') {
      const fields = Object.keys(body).length;
      return en ? `${said} with a JSON body of ${countWords(fields, 'field', 'fields')}` : `${said} dengan body JSON berisi ${fields} field`;
    }
    if (data.rawBody) return en ? `${said} with a body of ${countWords(data.rawBody.length, 'character', 'characters')}` : `${said} dengan body ${data.rawBody.length} karakter`;
    return en ? `${said}, without a body` : `${said}, tanpa body`;
  },
  failed: never,
  Inspector: ReceiveView,
};
