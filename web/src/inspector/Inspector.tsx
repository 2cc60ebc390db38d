import type { ReactNode } from 'react';
import { failureWords, frameWords, hintWords } from '../../../server/contract/failure-words.js';
import type { Headers, Step, StepOf } from '../../../server/contract/trace.js';
import { useI18n } from '../i18n/i18n-context.js';
import { RowsTable } from '../ui/RowsTable.js';
import { headerLines, prettyBody, prettyValue } from '../ui/pretty.js';

export interface InspectorProps {
  step?: Step;
  /** How many queries in the whole trace ran the same SQL (N+1 shows as a count). */
  sameQueryCount: number;
  onShowLine: (line: number) => void;
}

/** The data of the current step: what the request, query, service or response looked like then. */
export function Inspector({ step, sameQueryCount, onShowLine }: InspectorProps) {
  const { t } = useI18n();
  if (!step) return <p className="empty">{t('noTrace')}</p>;
  return (
    <div className="inspector" data-testid="inspector" data-kind={step.kind}>
      <header className="inspector__head">
        <span className={`badge badge--${step.kind}`}>{t(`kind_${step.kind}`)}</span>
        <span className="inspector__meta">
          {step.startMs.toFixed(1)} ms{step.durationMs > 0 ? ` · ${t('duration')} ${step.durationMs.toFixed(2)} ms` : ''}
        </span>
        {step.line !== undefined && (
          <button type="button" className="link-button" onClick={() => onShowLine(step.line!)}>
            {t('line')} {step.line}
          </button>
        )}
      </header>
      <StepBody step={step} sameQueryCount={sameQueryCount} />
    </div>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="inspector__section">
      <h3>{title}</h3>
      {children}
    </section>
  );
}

const Code = ({ children, label }: { children: string; label?: string }) => (
  <pre className="code-block" tabIndex={0} aria-label={label}>
    {children}
  </pre>
);

function HeaderList({ headers }: { headers: Headers }) {
  const lines = headerLines(headers);
  return (
    <dl className="header-list">
      {lines.map(([name, value]) => (
        <div key={name}>
          <dt>{name}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function StepBody({ step, sameQueryCount }: { step: Step; sameQueryCount: number }) {
  switch (step.kind) {
    case 'receive':
      return <ReceiveView data={step.data} />;
    case 'middleware':
      return <MiddlewareView data={step.data} />;
    case 'process':
      return <ProcessView data={step.data} />;
    case 'query':
      return <QueryView data={step.data} repeated={sameQueryCount} />;
    case 'log':
      return <LogView message={step.data.message} warning={step.data.level === 'warning'} />;
    case 'external':
      return <ExternalView data={step.data} />;
    case 'error':
      return <ErrorView data={step.data} line={step.line} />;
    case 'respond':
      return <RespondView data={step.data} />;
  }
}

function ReceiveView({ data }: { data: StepOf<'receive'>['data'] }) {
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

function MiddlewareView({ data }: { data: StepOf<'middleware'>['data'] }) {
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

function ProcessView({ data }: { data: StepOf<'process'>['data'] }) {
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

function QueryView({ data, repeated }: { data: StepOf<'query'>['data']; repeated: number }) {
  const { t } = useI18n();
  const hasParams = data.params !== undefined && !(Array.isArray(data.params) && data.params.length === 0);
  return (
    <>
      {repeated > 1 && (
        <div className="callout callout--warn" role="note">
          <strong>
            ⚠ {t('repeated')} ×{repeated}
          </strong>
          <p>{t('repeatedHint')}</p>
        </div>
      )}
      <Section title={t('sql')}>
        <Code>{data.sql}</Code>
      </Section>
      {hasParams && (
        <Section title={t('parameters')}>
          <Code>{JSON.stringify(data.params)}</Code>
        </Section>
      )}
      {data.error && (
        <Section title={t('error')}>
          <p className="error-text">⚠ {data.error}</p>
        </Section>
      )}
      <Section title={data.method === 'run' ? `${t('rowsAffected')}: ${data.rowsAffected}` : `${t('result')}: ${data.rowCount} ${t('rows')}`}>
        {data.method === 'run' && data.lastInsertRowid !== undefined && <p>lastInsertRowid = {data.lastInsertRowid}</p>}
        {data.columns.length > 0 && <RowsTable columns={data.columns} rows={data.rows} caption={`${t('result')} (${data.rows.length}/${data.rowCount})`} />}
      </Section>
      {data.plan && data.plan.length > 0 && (
        <Section title={t('queryPlan')}>
          <Code>{data.plan.join('\n')}</Code>
        </Section>
      )}
    </>
  );
}

function LogView({ message, warning }: { message: string; warning: boolean }) {
  const { t } = useI18n();
  return (
    <Section title={warning ? `⚠ ${t('gudangWarning')}` : t('log')}>
      <Code>{message}</Code>
    </Section>
  );
}

function ExternalView({ data }: { data: StepOf<'external'>['data'] }) {
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

function ErrorView({ data, line }: { data: StepOf<'error'>['data']; line?: number }) {
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

function RespondView({ data }: { data: StepOf<'respond'>['data'] }) {
  const { t } = useI18n();
  return (
    <>
      <Section title={t('status')}>
        <p className={data.status >= 400 ? 'error-text' : 'ok-text'}>
          <strong>{data.status}</strong> · {data.contentType ?? '—'} · {data.size} B
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
