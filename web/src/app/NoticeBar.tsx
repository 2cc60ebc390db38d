import { useI18n, type Translate } from '../i18n/i18n-context.js';
import type { Notice } from '../session/session-state.js';
import { useSession } from '../session/use-session.js';

function words(notice: Notice, t: Translate): string {
  switch (notice.code) {
    case 'session_renewed':
      return t('sessionRenewed');
    case 'changes_may_be_lost':
      return t('changesMayBeLost');
    case 'solution_unavailable':
      return `${t('solution')}: ${t('notAvailable')}`;
    case 'message':
      return notice.message;
  }
}

/** The session's error or notice, in the language shown now, until dismissed. */
export function NoticeBar() {
  const [{ error, notice }, client] = useSession();
  const { t } = useI18n();
  const text = error ?? (notice && words(notice, t));
  if (!text) return null;
  return (
    <div className="notice" role="alert">
      <span>{text}</span>
      <button type="button" className="small-button" onClick={client.dismissNotice}>
        {t('dismiss')}
      </button>
    </div>
  );
}
