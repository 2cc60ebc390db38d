import { useEffect, useId, useRef, useState } from 'react';
import { useI18n } from '../i18n/i18n-context.js';

type Copy = { state: 'idle' } | { state: 'working' } | { state: 'copied'; url: string } | { state: 'by-hand'; url: string } | { state: 'failed'; message: string };

/**
 * "Copy link": makes the trace's read-only link and puts it on the clipboard, saying so politely.
 * Where the page may not write the clipboard (no permission, a plain-http address), the link is
 * shown in a field, selected, to copy by hand.
 */
export function CopyLinkButton({ makeLink }: { makeLink: () => Promise<string> }) {
  const { t } = useI18n();
  const [copy, setCopy] = useState<Copy>({ state: 'idle' });
  const field = useRef<HTMLInputElement>(null);
  const id = useId();
  const byHand = copy.state === 'by-hand';
  useEffect(() => {
    if (byHand) field.current?.select();
  }, [byHand]);
  const run = async () => {
    if (copy.state === 'working') return;
    setCopy({ state: 'working' });
    let url: string;
    try {
      url = await makeLink();
    } catch (e) {
      return setCopy({ state: 'failed', message: (e as Error).message });
    }
    try {
      if (!navigator.clipboard) throw new Error('no clipboard');
      await navigator.clipboard.writeText(url);
      setCopy({ state: 'copied', url });
    } catch {
      setCopy({ state: 'by-hand', url });
    }
  };
  return (
    <span className="copy-link">
      <button type="button" className="small-button" onClick={() => void run()} aria-disabled={copy.state === 'working'} data-testid="copy-link">
        {t('copyLink')}
      </button>
      <span role="status" className="muted" data-testid="copy-link-status">
        {copy.state === 'copied' ? t('linkCopied') : copy.state === 'failed' ? `${t('shareFailed')}: ${copy.message}` : byHand ? t('copyLinkByHand') : ''}
      </span>
      {byHand && (
        <span className="copy-link__by-hand">
          <label htmlFor={id} className="visually-hidden">
            {t('shareLink')}
          </label>
          <input id={id} ref={field} type="text" readOnly value={copy.url} onFocus={(e) => e.target.select()} data-testid="share-link-field" />
        </span>
      )}
    </span>
  );
}
