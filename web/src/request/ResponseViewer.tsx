import { useState } from 'react';
import { explainStatus } from '../i18n/http-words.js';
import { useI18n } from '../i18n/i18n-context.js';
import { HeaderLines } from '../ui/HeaderLines.js';
import { Tabs } from '../ui/Tabs.js';
import { prettyBody } from '../ui/pretty.js';
import { Term } from '../ui/Term.js';
import { formatBytes } from './request-draft.js';
import type { ResponseView } from './use-send-request.js';

type View = 'pretty' | 'raw' | 'preview' | 'headers';

/** Status, time, size, headers and body of the last answer; HTML also rendered, sandboxed. */
export function ResponseViewer({ response, error }: { response?: ResponseView; error?: string }) {
  const { t } = useI18n();
  const [view, setView] = useState<View>('pretty');
  if (error)
    return (
      <p className="error-text" role="alert">
        ⚠ {error}
      </p>
    );
  if (!response) return <p className="empty">{t('noResponse')}</p>;
  const isHtml = response.contentType?.startsWith('text/html') ?? false;
  const views: View[] = isHtml ? ['pretty', 'raw', 'preview', 'headers'] : ['pretty', 'raw', 'headers'];
  const shown = views.includes(view) ? view : 'pretty';
  const label = (v: View) => (v === 'headers' ? `${t('headers')} (${response.headers.length})` : t(v));
  return (
    <section className="response" aria-label={t('response')} data-testid="response">
      <div className="response__meta">
        <span className={`status-pill ${response.status >= 400 ? 'is-error' : 'is-ok'}`} data-testid="response-status">
          {response.status >= 400 ? '✗' : '✓'}{' '}
          <Term explanation={explainStatus(response.status)}>
            {response.status} {response.statusText}
          </Term>
        </span>
        <span>
          {t('time')}: {response.timeMs.toFixed(0)} ms
        </span>
        <span>
          {t('size')}: {formatBytes(response.size)}
        </span>
        <span className="tabs__spacer" />
        <Tabs<View> label={t('response')} variant="segmented" value={shown} onChange={setView} tabs={views.map((v) => [v, label(v)] as const)} />
      </div>
      <div className="response__body" role="tabpanel" aria-label={label(shown)}>
        {shown === 'pretty' && (
          <pre className="code-block" tabIndex={0} data-testid="response-body">
            {prettyBody(response.body)}
          </pre>
        )}
        {shown === 'raw' && (
          <pre className="code-block code-block--wrap" tabIndex={0}>
            {response.body}
          </pre>
        )}
        {shown === 'preview' && <iframe title={t('preview')} className="html-preview" sandbox="allow-scripts allow-forms allow-popups" srcDoc={response.body} />}
        {shown === 'headers' && <HeaderLines lines={response.headers} />}
      </div>
    </section>
  );
}
