import { memo } from 'react';

const cell = (value: unknown) => (value === null ? 'NULL' : typeof value === 'object' ? JSON.stringify(value) : String(value));

/** A table of SQL rows; NULL is written out so it is not mistaken for an empty string. */
export const RowsTable = memo(function RowsTable({ columns, rows, caption, primaryKeys = [] }: { columns: string[]; rows: Record<string, unknown>[]; caption?: string; primaryKeys?: string[] }) {
  return (
    <section className="rows-table" tabIndex={0} aria-label={caption ?? columns.join(', ')}>
      <table>
        {caption && <caption>{caption}</caption>}
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c} scope="col">
                {c}
                {primaryKeys.includes(c) && <abbr title="primary key"> PK</abbr>}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => (
            <tr key={i}>
              {columns.map((c) => (
                <td key={c} className={row[c] === null ? 'is-null' : typeof row[c] === 'number' ? 'is-number' : undefined}>
                  {cell(row[c])}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
});
