import { formatBytes } from '../../../server/contract/failure-words.js';
import type { StepOf } from '../../../server/contract/trace.js';
import { explainStatus } from '../i18n/http-words.js';
import { useI18n } from '../i18n/i18n-context.js';
import { Code, HeaderList, Section } from '../inspector/inspector-parts.js';
import { prettyBody } from '../ui/pretty.js';
import { Term } from '../ui/Term.js';
import type { StepKindView } from './step-kind.js';

function RespondView({ step: { data } }: { step: StepOf<'respond'> }) {
  const { t } = useI18n();
  return (
    <>
      <Section title={t('status')}>
        <p className={data.status >= 400 ? 'error-text' : 'ok-text'}>
          <strong>
            <Term explanation={explainStatus(data.status)}>{data.status}</Term>
          </strong>{' '}
          · {data.contentType ?? '—'} · {data.size} B
        </p>
      </Section>
      <Section title={t('headers')}>
        <HeaderList headers={data.headers} />
      </Section>
      <Section title={`${t('body')}${data.bodyTruncated ? ` ${t('truncated')}` : ''}`}>
        <Code>{prettyBody(data.body)}</Code>
      </Section>
    </>
  );
}

/** The response the learner's app sent. */
export const respondStep: StepKindView<'respond'> = {
  words: { en: 'Respond', id: 'Mengirim respons' },
  summary: (step) => `${step.data.status}${step.data.contentType ? ` · ${step.data.contentType.split(';')[0]}` : ''}`,
  narrate: ({ data }, language) => {
    const type = data.contentType?.split(';')[0];
    if (language === 'en') return `Your app answered ${data.status} with ${formatBytes(data.size)}${type ? ` of ${type}` : ''}`;
    return `Aplikasimu menjawab ${data.status} dengan ${formatBytes(data.size).replace(' bytes', ' byte')}${type ? ` ${type}` : ''}`;
  },
  failed: (step) => step.data.status >= 400,
  Inspector: RespondView,
};
