import { memo } from 'react';

const cell = (value: unknown) => (value === null ? 'NULL' : typeof value === 'object' ? JSON.stringify(value) : String(value));

/** What a step did to a row, shown in a leading column with an icon and a word (never by colour alone). */
export interface RowMarks {
  header: string;
  /** Parallel to `rows`. */
  marks: ((({ kind: 'inserted' | 'deleted' } | { kind: 'updated'; cells: string[] }) & { label?: string }) | undefined)[];
  words: { inserted: string; deleted: string; updated: string; cell: string };
}

const ICONS = { inserted: '＋', deleted: '−', updated: '✎' } as const;

/** A table of SQL rows; NULL is written out so it is not mistaken for an empty string. */
export const RowsTable = memo(function RowsTable({
  columns,
  rows,
  caption,
  primaryKeys = [],
  marks,
}: {
  columns: string[];
  rows: Record<string, unknown>[];
  caption?: string;
  primaryKeys?: string[];
  marks?: RowMarks;
}) {
  const marked = marks?.marks.some(Boolean) ? marks : undefined;
  return (
    <section className="rows-table" tabIndex={0} aria-label={caption ?? columns.join(', ')}>
      <table>
        {caption && <caption>{caption}</caption>}
        <thead>
          <tr>
            {marked && <th scope="col">{marked.header}</th>}
            {columns.map((c) => (
              <th key={c} scope="col">
                {c}
                {primaryKeys.includes(c) && <abbr title="primary key"> PK</abbr>}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => {
            const mark = marked?.marks[i];
            const changed = mark?.kind === 'updated' ? mark.cells : [];
            return (
              <tr key={i} className={mark ? `is-${mark.kind}` : undefined} data-change={mark?.kind}>
                {marked && <td className="rows-table__mark">{mark && `${ICONS[mark.kind]} ${mark.label ?? marked.words[mark.kind]}`}</td>}
                {columns.map((c) => (
                  <td key={c} className={[row[c] === null ? 'is-null' : typeof row[c] === 'number' ? 'is-number' : '', changed.includes(c) ? 'is-changed' : ''].join(' ').trim() || undefined}>
                    {changed.includes(c) && (
                      <span className="rows-table__changed" title={marked!.words.cell}>
                        <span aria-hidden="true">✎ </span>
                        <span className="visually-hidden">{marked!.words.cell}: </span>
                      </span>
                    )}
                    {cell(row[c])}
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
});
