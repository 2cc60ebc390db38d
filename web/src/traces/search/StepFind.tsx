import { useI18n } from '../../i18n/i18n-context.js';
import { SearchFields } from './SearchFields.js';
import type { useStepFind } from './use-step-find.js';

/** "Find a step" over the open trace: Enter goes to the next match, Shift+Enter to the previous one. */
export function StepFind({ find, at }: { find: ReturnType<typeof useStepFind>; at: number }) {
  const { t } = useI18n();
  const { draft, setDraft, searching, matches, go } = find;
  const place = matches.indexOf(at);
  return (
    <form role="search" className="search-fields step-find" aria-label={t('findStep')} onSubmit={(e) => e.preventDefault()}>
      <SearchFields label={t('findStep')} value={draft} onChange={setDraft} onEnter={go} testId="step-find" />
      <button type="button" className="icon-button" onClick={() => go(true)} disabled={matches.length === 0} aria-label={t('findPrevious')} title={`${t('findPrevious')} (Shift+Enter)`}>
        ↑
      </button>
      <button type="button" className="icon-button" onClick={() => go(false)} disabled={matches.length === 0} aria-label={t('findNext')} title={`${t('findNext')} (Enter)`}>
        ↓
      </button>
      <span role="status" className="muted step-find__count" data-testid="step-find-count">
        {!searching ? '' : matches.length === 0 ? t('noStepMatches') : `${place === -1 ? '–' : place + 1} / ${matches.length} ${t('stepsMatching')}`}
      </span>
    </form>
  );
}
