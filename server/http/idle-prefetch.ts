import { existsSync, readFileSync } from 'node:fs';

/** What Vite's build manifest (dist/web/.vite/manifest.json) says of one chunk. */
interface ManifestChunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
  assets?: string[];
}
export type ViteManifest = Record<string, ManifestChunk>;

/** The code editor (Monaco, its TypeScript support, workers and font): megabytes the first screen does without. */
export const EDITOR_SOURCES = ['src/editor/monaco-api.ts', 'src/editor/CodeEditor.tsx'];

/**
 * Every file the given source modules need that the page's entry does not already load: their
 * chunks, the chunks these import (statically or lazily), style sheets, workers and fonts.
 */
export function filesToPrefetch(manifest: ViteManifest, sources: string[]): string[] {
  const files = new Set<string>();
  const visit = (key: string) => {
    const chunk = manifest[key];
    if (!chunk || chunk.isEntry || files.has(chunk.file)) return;
    files.add(chunk.file);
    for (const file of [...(chunk.css ?? []), ...(chunk.assets ?? [])]) files.add(file);
    for (const next of [...(chunk.imports ?? []), ...(chunk.dynamicImports ?? [])]) visit(next);
  };
  for (const source of sources) visit(source);
  return [...files].sort();
}

/**
 * The editor's files as paths the page can fetch (web/src/editor/prefetch-editor.ts asks the browser
 * to, once the first screen is up and the main thread idle): when the learner reaches for the code,
 * Monaco is evaluated from the cache instead of crossing a slow connection then.
 */
export function editorFiles(webDir: string): string[] {
  const path = `${webDir}/.vite/manifest.json`;
  if (!existsSync(path)) return [];
  const manifest = JSON.parse(readFileSync(path, 'utf8')) as ViteManifest;
  return filesToPrefetch(manifest, EDITOR_SOURCES).map((file) => `/${file}`);
}
