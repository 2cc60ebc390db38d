import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The direction of imports that docs/ARCHITECTURE.md draws, checked on the source: a line crossed
 * the wrong way fails here, naming the file and what it imported.
 */

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

interface Import {
  from: string;
  /** The imported module, relative to the repository root (or the package name). */
  target: string;
  typeOnly: boolean;
}

function sourceFiles(folder: string): string[] {
  return readdirSync(join(ROOT, folder), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.(ts|tsx)$/.test(entry.name) && !entry.name.endsWith('.d.ts'))
    .map((entry) => relative(ROOT, join(entry.parentPath, entry.name)));
}

function importsOf(file: string): Import[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const found: Import[] = [];
  for (const match of text.matchAll(/^(?:import|export)\s+(type\s+)?(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]/gm)) {
    const [, typeOnly, specifier] = match;
    const target = specifier!.startsWith('.') ? relative(ROOT, resolve(ROOT, dirname(file), specifier!)) : specifier!;
    found.push({ from: file, target, typeOnly: Boolean(typeOnly) });
  }
  return found;
}

const within = (path: string, folder: string) => path === folder || path.startsWith(`${folder}/`);
const crossings = (files: string[], forbidden: (i: Import) => boolean) =>
  files
    .flatMap(importsOf)
    .filter(forbidden)
    .map((i) => `${i.from} imports ${i.target}`);

describe('the direction of imports', () => {
  it('finds the imports it checks (so a rule cannot pass by reading nothing)', () => {
    const web = sourceFiles('web/src').flatMap(importsOf);
    expect(web.filter((i) => within(i.target, 'server/contract')).length).toBeGreaterThan(10);
    expect(
      sourceFiles('server/sessions')
        .flatMap(importsOf)
        .some((i) => within(i.target, 'server/sandbox')),
    ).toBe(true);
  });

  it('lets the web import from the server only its contract', () => {
    expect(crossings(sourceFiles('web/src'), (i) => within(i.target, 'server') && !within(i.target, 'server/contract'))).toEqual([]);
  });

  it('keeps the contract on zod alone, so the web bundle pulls no server code', () => {
    expect(crossings(sourceFiles('server/contract'), (i) => i.target !== 'zod' && !within(i.target, 'server/contract'))).toEqual([]);
  });

  it('keeps HTTP at the edge: nothing below it imports server/http', () => {
    const below = ['server/sandbox', 'server/trace', 'server/database', 'server/limits', 'server/sessions', 'server/worker', 'server/services', 'server/checks', 'server/lessons', 'server/store'];
    expect(crossings(below.flatMap(sourceFiles), (i) => within(i.target, 'server/http'))).toEqual([]);
  });

  it('keeps the database below the sandbox: it implements the sandbox host types, and imports no sandbox code', () => {
    expect(crossings(sourceFiles('server/database'), (i) => within(i.target, 'server/sandbox') && !i.typeOnly)).toEqual([]);
    expect(crossings(sourceFiles('server/limits'), (i) => within(i.target, 'server') && !within(i.target, 'server/contract') && !within(i.target, 'server/limits'))).toEqual([]);
  });
});
