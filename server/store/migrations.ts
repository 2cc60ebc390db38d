import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface Migration {
  /** From the file name: `001-classes.sql` is version 1. */
  version: number;
  name: string;
  sql: string;
}

/**
 * The folder of .sql files: beside this module in the sources (tests), two levels up from
 * dist/server/ in the build (esbuild bundles code, not these files).
 */
function migrationsRoot(): string {
  for (const candidate of ['./migrations/', '../../server/store/migrations/']) {
    const path = fileURLToPath(new URL(candidate, import.meta.url));
    if (existsSync(path)) return path;
  }
  throw new Error('server/store/migrations/ not found next to the server');
}

/** An engine's migrations in the order they apply; a gap or a duplicate version is an error. */
export function loadMigrations(engine: 'sqlite' | 'postgres', root = migrationsRoot()): Migration[] {
  const dir = `${root}${engine}/`;
  const migrations = readdirSync(dir)
    .filter((file) => file.endsWith('.sql'))
    .map((file) => {
      const match = /^(\d+)-(.+)\.sql$/.exec(file);
      if (!match) throw new Error(`${dir}${file}: a migration is named NNN-what-it-does.sql`);
      return { version: Number(match[1]), name: match[2]!, sql: readFileSync(`${dir}${file}`, 'utf8') };
    })
    .sort((a, b) => a.version - b.version);
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`${dir}: migration ${i + 1} is missing or doubled (found ${m.version}-${m.name})`);
  });
  return migrations;
}

/** The table that records what has been applied, the same on both engines. */
export const MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)`;
