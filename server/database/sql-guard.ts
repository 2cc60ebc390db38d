/**
 * sql.js has no authorizer hook, so statements that reach beyond the learner's own database are
 * refused by reading the SQL itself: every session's database is a file in one shared in-memory
 * filesystem, and ATTACH would open another learner's.
 */
const FORBIDDEN = /\b(attach|detach|vacuum|load_extension)\b/i;

/** The SQL with string literals, quoted identifiers and comments blanked out. */
function codeOnly(sql: string): string {
  return sql.replace(/'(?:[^']|'')*'?|"(?:[^"]|"")*"?|`[^`]*`?|\[[^\]]*\]?|--[^\n]*|\/\*[\s\S]*?(?:\*\/|$)/g, ' ');
}

/** Settings that keep SQLite inside Gudang's memory and size limits (session-database sets them). */
const LIMIT_PRAGMAS = /\bpragma\s+(?:\w+\s*\.\s*)?(temp_store|temp_store_directory|max_page_count)\b/i;

/** Returns why the statement is refused, or null when it may run. */
export function refusedStatement(sql: string): string | null {
  const code = codeOnly(sql);
  const match = FORBIDDEN.exec(code);
  if (match) return `${match[1].toUpperCase()} is not allowed in Gudang: each lesson has one database`;
  // Also with quotes dropped: SQLite accepts a quoted pragma name (PRAGMA "max_page_count").
  const pragma = LIMIT_PRAGMAS.exec(code) ?? LIMIT_PRAGMAS.exec(sql.replace(/["'`[\]]/g, ''));
  return pragma ? `PRAGMA ${pragma[1].toLowerCase()} is not allowed in Gudang: it keeps the database within its limits` : null;
}

/**
 * True for a statement that cannot change the database (SELECT, VALUES, EXPLAIN, or a WITH that
 * only selects), so the host skips asking SQLite what changed and exporting the database.
 */
export function isReadOnly(sql: string): boolean {
  const code = codeOnly(sql).trim();
  if (/;\s*\S/.test(code)) return false;
  if (/^(select|values|explain)\b/i.test(code)) return true;
  return /^with\b/i.test(code) && !/\b(insert|update|delete|replace)\b/i.test(code);
}
