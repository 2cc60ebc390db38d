import type { StepOf } from '../../../server/contract/trace.js';
import { useI18n } from '../i18n/i18n-context.js';
import { Section } from '../inspector/inspector-parts.js';
import type { StepKindView } from './step-kind.js';

function MiddlewareView({ step: { data } }: { step: StepOf<'middleware'> }) {
  const { t } = useI18n();
  return (
    <Section title={`${t('nodeMiddleware')} #${data.index}`}>
      <p>
        <code>{data.name || '(anonymous)'}</code>
        {data.pattern ? ` · ${data.pattern}` : ''}
      </p>
      <p className={data.calledNext ? 'ok-text' : 'error-text'}>{data.calledNext ? `✓ ${t('calledNext')}` : `■ ${t('stoppedHere')}`}</p>
    </Section>
  );
}

/** A middleware ran; one that did not call next() stopped the request there. */
export const middlewareStep: StepKindView<'middleware'> = {
  words: { en: 'Middleware', id: 'Middleware' },
  summary: (step) => step.data.name || `#${step.data.index}`,
  narrate: ({ data }, language, { steps }) => {
    const name = data.name || (language === 'en' ? '(anonymous)' : '(tanpa nama)');
    const respond = steps.find((s) => s.kind === 'respond');
    const status = respond?.kind === 'respond' ? respond.data.status : undefined;
    if (language === 'en')
      return data.calledNext
        ? `The middleware ${name} let the request through by calling next()`
        : `The middleware ${name} ${status === undefined ? 'stopped the request' : `answered ${status}`} — the route handler never ran`;
    return data.calledNext
      ? `Middleware ${name} meneruskan permintaan dengan memanggil next()`
      : `Middleware ${name} ${status === undefined ? 'menghentikan permintaan' : `menjawab ${status}`} — route handler tidak pernah berjalan`;
  },
  failed: (step) => !step.data.calledNext,
  Inspector: MiddlewareView,
};
