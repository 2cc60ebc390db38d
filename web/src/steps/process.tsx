import type { StepOf } from '../../../server/contract/trace.js';
import { useI18n } from '../i18n/i18n-context.js';
import { Code, Section } from '../inspector/inspector-parts.js';
import { RowsTable } from '../ui/RowsTable.js';
import { never, type StepKindView } from './step-kind.js';

function ProcessView({ step: { data } }: { step: StepOf<'process'> }) {
  const { t } = useI18n();
  const params = Object.entries(data.params);
  return (
    <>
      <Section title={t('route')}>
        <Code>{`app.${data.method.toLowerCase()}('${data.pattern}', …)`}</Code>
      </Section>
      {params.length > 0 && (
        <Section title={t('routeParams')}>
          <RowsTable columns={params.map(([name]) => name)} rows={[data.params]} caption={t('routeParams')} />
        </Section>
      )}
    </>
  );
}

/** The route handler that matched, with its parameters. */
export const processStep: StepKindView<'process'> = {
  words: { en: 'Process', id: 'Memproses' },
  summary: (step) => `${step.data.method} ${step.data.pattern}`,
  narrate: ({ data }, language) => {
    const params = Object.entries(data.params).map(([name, value]) => `${name} = ${Array.isArray(value) ? value.join('/') : value}`);
    const route = `${data.method} ${data.pattern}`;
    if (language === 'en') return `The route ${route} matched, so your handler ran${params.length ? ` with ${params.join(', ')}` : ''}`;
    return `Rute ${route} cocok, jadi handler-mu berjalan${params.length ? ` dengan ${params.join(', ')}` : ''}`;
  },
  failed: never,
  Inspector: ProcessView,
};
