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

/** Returns why the statement is refused, or null when it may run. */
export function refusedStatement(sql: string): string | null {
  const match = FORBIDDEN.exec(codeOnly(sql));
  return match ? `${match[1].toUpperCase()} is not allowed in Gudang: each lesson has one database` : null;
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
