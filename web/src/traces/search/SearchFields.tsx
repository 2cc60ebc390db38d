import { useId } from 'react';
import { type TraceSearchField, traceSearchFieldSchema } from '../../../../server/contract/trace-search.js';
import type { StringKey } from '../../i18n/strings.js';
import { useI18n } from '../../i18n/i18n-context.js';

const FIELD_WORDS = { any: 'searchAny', sql: 'searchSql', path: 'searchPath', status: 'searchStatus', param: 'searchParam' } as const satisfies Record<TraceSearchField, StringKey>;

/** What a search is while it is typed: the text (maybe empty) and where to look. */
export interface SearchDraft {
  q: string;
  in: TraceSearchField;
}

export const EMPTY_SEARCH: SearchDraft = { q: '', in: 'any' };

export interface SearchFieldsProps {
  label: string;
  value: SearchDraft;
  onChange: (value: SearchDraft) => void;
  /** Enter (Shift+Enter: `backwards`) in the text field. */
  onEnter?: (backwards: boolean) => void;
  testId: string;
}

/** A labelled search text field and the choice of where to look. */
export function SearchFields({ label, value, onChange, onEnter, testId }: SearchFieldsProps) {
  const { t } = useI18n();
  const id = useId();
  return (
    <>
      <label className="search-fields__label" htmlFor={`${id}-q`}>
        {label}
      </label>
      <input
        id={`${id}-q`}
        className="search-fields__text"
        type="search"
        value={value.q}
        maxLength={200}
        placeholder={t('searchExample')}
        onChange={(e) => onChange({ ...value, q: e.target.value })}
        onKeyDown={(e) => {
          if (e.key !== 'Enter' || !onEnter) return;
          e.preventDefault();
          onEnter(e.shiftKey);
        }}
        data-testid={`${testId}-text`}
      />
      <label className="search-fields__in">
        <span className="visually-hidden">{t('searchIn')}</span>
        <select value={value.in} onChange={(e) => onChange({ ...value, in: traceSearchFieldSchema.parse(e.target.value) })} data-testid={`${testId}-in`}>
          {traceSearchFieldSchema.options.map((field) => (
            <option key={field} value={field}>
              {t(FIELD_WORDS[field])}
            </option>
          ))}
        </select>
      </label>
    </>
  );
}
