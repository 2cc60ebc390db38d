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
