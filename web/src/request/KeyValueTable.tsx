import type { KeyValue } from './request-draft.js';
import { useI18n } from '../i18n/i18n-context.js';

/** Editable name/value rows with an on/off box each, like Postman's tables. */
export function KeyValueTable({ rows, onChange, label }: { rows: KeyValue[]; onChange: (rows: KeyValue[]) => void; label: string }) {
  const { t } = useI18n();
  const update = (index: number, change: Partial<KeyValue>) => onChange(rows.map((row, i) => (i === index ? { ...row, ...change } : row)));
  return (
    <div className="kv-table">
      <table aria-label={label}>
        <thead>
          <tr>
            <th scope="col">
              <span className="visually-hidden">on</span>
            </th>
            <th scope="col">{t('name')}</th>
            <th scope="col">{t('value')}</th>
            <th scope="col">
              <span className="visually-hidden">{t('remove')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => (
            <tr key={i}>
              <td>
                <input type="checkbox" checked={row.enabled} onChange={(e) => update(i, { enabled: e.target.checked })} aria-label={`${label} ${i + 1} on`} />
              </td>
              <td>
                <input type="text" value={row.name} onChange={(e) => update(i, { name: e.target.value })} aria-label={`${label} ${i + 1} ${t('name')}`} spellCheck={false} />
              </td>
              <td>
                <input type="text" value={row.value} onChange={(e) => update(i, { value: e.target.value })} aria-label={`${label} ${i + 1} ${t('value')}`} spellCheck={false} />
              </td>
              <td>
                <button type="button" className="icon-button" onClick={() => onChange(rows.filter((_, j) => j !== i))} aria-label={`${t('remove')} ${row.name || i + 1}`}>
                  ✕
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" className="small-button" onClick={() => onChange([...rows, { name: '', value: '', enabled: true }])}>
        + {t('add')}
      </button>
    </div>
  );
}
