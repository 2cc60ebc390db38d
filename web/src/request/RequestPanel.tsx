import { useMemo, useState, type KeyboardEvent } from 'react';
import type { Language, SuggestedRequest } from '../../../server/contract/lesson.js';
import { useI18n } from '../i18n/i18n-context.js';
import { Tabs } from '../ui/Tabs.js';
import { KeyValueTable } from './KeyValueTable.js';
import { checkJson, draftFromSuggestion, HTTP_METHODS, joinQuery, splitQuery, toCurl, type BodyMode, type HttpMethod, type RequestDraft } from './request-draft.js';
import type { HistoryEntry } from './use-send-request.js';

export interface RequestPanelProps {
  draft: RequestDraft;
  onDraft: (draft: RequestDraft) => void;
  /** The session's sandbox URL, shown before the path. */
  base: string;
  suggestions: SuggestedRequest[];
  history: HistoryEntry[];
  language: Language;
  sending: boolean;
  onSend: (draft: RequestDraft) => void;
}

type Tab = 'params' | 'headers' | 'body';

/** Method, URL, params, headers and body of the next request to the learner's app. */
export function RequestPanel({ draft, onDraft, base, suggestions, history, language, sending, onSend }: RequestPanelProps) {
  const { t } = useI18n();
  const [tab, setTab] = useState<Tab>('params');
  const [copied, setCopied] = useState<string>();
  const { pathname, params } = useMemo(() => splitQuery(draft.path), [draft.path]);
  const json = useMemo(() => (draft.bodyMode === 'json' ? checkJson(draft.body) : { ok: true as const }), [draft.bodyMode, draft.body]);
  const blocked = !json.ok || sending || !base;
  const send = () => {
    if (!blocked) onSend(draft);
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      send();
    }
  };
  const copyCurl = async () => {
    const command = toCurl(draft, base);
    try {
      await navigator.clipboard.writeText(command);
      setCopied(t('copied'));
    } catch {
      // Without clipboard permission, show the command so it can be copied by hand.
      setCopied(command);
    }
  };
  const bodyDisabled = draft.method === 'GET';

  return (
    <section className="request-panel" aria-label={t('request')} onKeyDown={onKeyDown}>
      <form
        className="request-line"
        onSubmit={(e) => {
          e.preventDefault();
          send();
        }}
      >
        <label className="visually-hidden" htmlFor="request-method">
          {t('method')}
        </label>
        <select id="request-method" className={`method method--${draft.method}`} value={draft.method} onChange={(e) => onDraft({ ...draft, method: e.target.value as HttpMethod })}>
          {HTTP_METHODS.map((m) => (
            <option key={m}>{m}</option>
          ))}
        </select>
        <div className="url-field">
          <span className="url-field__base" title={base}>
            {base.replace(/^https?:\/\/[^/]+/, '')}
          </span>
          <label className="visually-hidden" htmlFor="request-path">
            {t('url')}
          </label>
          <input id="request-path" type="text" value={draft.path} onChange={(e) => onDraft({ ...draft, path: e.target.value })} spellCheck={false} autoComplete="off" />
        </div>
        {/* Only aria-disabled while sending: a disabled button drops focus, and the learner (or the prediction dialog giving focus back) is on it. */}
        <button type="submit" className="primary-button" disabled={!json.ok || !base} aria-disabled={sending || undefined} title="Ctrl/⌘ + Enter">
          {sending ? t('sending') : t('send')}
        </button>
      </form>

      {suggestions.length > 0 && (
        <div className="suggestions" role="group" aria-label={t('suggested')}>
          <span className="suggestions__title">{t('suggested')}:</span>
          {suggestions.map((s, i) => (
            <button key={i} type="button" className="chip" onClick={() => onDraft(draftFromSuggestion(s))} title={`${s.method} ${s.path}`}>
              <span className={`method-tag method--${s.method}`}>{s.method}</span> {s.label[language]}
            </button>
          ))}
        </div>
      )}

      <div className="tabs">
        <Tabs<Tab>
          label={t('request')}
          className="tabs__list"
          idPrefix="request"
          value={tab}
          onChange={setTab}
          tabs={[
            ['params', `${t('params')}${params.length > 0 ? ` (${params.length})` : ''}`],
            ['headers', `${t('headers')}${draft.headers.length > 0 ? ` (${draft.headers.length})` : ''}`],
            ['body', t('body')],
          ]}
        />
        <span className="tabs__spacer" />
        <button type="button" className="small-button" onClick={() => void copyCurl()}>
          {t('copyCurl')}
        </button>
        <HistoryMenu history={history} onPick={onDraft} />
      </div>
      {copied && (
        <p className="curl-output" role="status">
          {copied === t('copied') ? copied : <input type="text" readOnly value={copied} aria-label="cURL" onFocus={(e) => e.target.select()} />}
        </p>
      )}

      <div className="tabpanel" role="tabpanel" id={`request-tabpanel-${tab}`} aria-labelledby={`request-tab-${tab}`}>
        {tab === 'params' && <KeyValueTable label={t('params')} rows={params} onChange={(rows) => onDraft({ ...draft, path: joinQuery(pathname, rows) })} />}
        {tab === 'headers' && <KeyValueTable label={t('headers')} rows={draft.headers} onChange={(headers) => onDraft({ ...draft, headers })} />}
        {tab === 'body' && (
          <div className="body-editor">
            <div role="radiogroup" aria-label={t('body')} className="segmented">
              {(['none', 'json', 'form', 'text'] as const).map((mode: BodyMode) => (
                <label key={mode} className={draft.bodyMode === mode ? 'is-checked' : ''}>
                  <input
                    type="radio"
                    name="body-mode"
                    value={mode}
                    checked={draft.bodyMode === mode}
                    onChange={() => onDraft({ ...draft, bodyMode: mode })}
                    disabled={bodyDisabled && mode !== 'none'}
                  />
                  {t(mode === 'none' ? 'bodyNone' : mode === 'json' ? 'bodyJson' : mode === 'form' ? 'bodyForm' : 'bodyText')}
                </label>
              ))}
            </div>
            {(draft.bodyMode === 'json' || draft.bodyMode === 'text') && (
              <>
                <textarea
                  className="body-text"
                  value={draft.body}
                  onChange={(e) => onDraft({ ...draft, body: e.target.value })}
                  aria-label={t('body')}
                  aria-invalid={!json.ok}
                  aria-describedby="body-check"
                  spellCheck={false}
                  rows={6}
                />
                {draft.bodyMode === 'json' && (
                  <p id="body-check" className={json.ok ? 'ok-text' : 'error-text'} role="status">
                    {json.ok ? `✓ ${t('validJson')}` : `⚠ ${t('invalidJson')}${json.line ? ` (${t('line')} ${json.line}:${json.column})` : ''}: ${json.message}`}
                  </p>
                )}
              </>
            )}
            {draft.bodyMode === 'form' && <KeyValueTable label={t('bodyForm')} rows={draft.form} onChange={(form) => onDraft({ ...draft, form })} />}
          </div>
        )}
      </div>
    </section>
  );
}

function HistoryMenu({ history, onPick }: { history: HistoryEntry[]; onPick: (draft: RequestDraft) => void }) {
  const { t } = useI18n();
  return (
    <details className="history">
      <summary className="small-button">
        {t('history')} ({history.length})
      </summary>
      <div className="history__list">
        {history.length === 0 && <p className="empty">{t('noHistory')}</p>}
        <ul>
          {history.map((entry, i) => (
            <li key={`${entry.at}-${i}`}>
              <button type="button" onClick={() => onPick(entry.draft)}>
                <span className={`method-tag method--${entry.draft.method}`}>{entry.draft.method}</span> {entry.draft.path}{' '}
                <span className={entry.status >= 400 ? 'error-text' : 'ok-text'}>{entry.status}</span>
              </button>
            </li>
          ))}
        </ul>
      </div>
    </details>
  );
}
