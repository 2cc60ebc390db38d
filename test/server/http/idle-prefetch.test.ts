import { describe, expect, it } from 'vitest';
import { filesToPrefetch, type ViteManifest } from '../../../server/http/idle-prefetch.js';

/** A manifest shaped like Vite's for this app: an entry, the editor's chunks, a lazy chunk of its own. */
const manifest: ViteManifest = {
  'index.html': { file: 'assets/index.js', isEntry: true, imports: ['_jsx.js'], dynamicImports: ['src/editor/CodeEditor.tsx', 'src/flow/FlowDiagram.tsx'], css: ['assets/index.css'] },
  '_jsx.js': { file: 'assets/jsx.js' },
  '_editor.api.js': { file: 'assets/editor.api.js', css: ['assets/editor.css'] },
  'src/editor/CodeEditor.tsx': {
    file: 'assets/CodeEditor.js',
    imports: ['_jsx.js', '_editor.api.js', 'index.html'],
    dynamicImports: ['tsMode.js'],
    css: ['assets/CodeEditor.css'],
    assets: ['assets/ts.worker.js', 'assets/codicon.ttf'],
  },
  'tsMode.js': { file: 'assets/tsMode.js', imports: ['_editor.api.js', 'src/editor/CodeEditor.tsx'] },
  'src/flow/FlowDiagram.tsx': { file: 'assets/FlowDiagram.js', imports: ['_jsx.js', 'index.html'] },
};

describe('the files the page prefetches for the editor', () => {
  it('are the editor chunks with everything they import, lazily too, their styles, workers and font', () => {
    const files = filesToPrefetch(manifest, ['src/editor/CodeEditor.tsx']);
    expect(files).toEqual(
      ['assets/CodeEditor.css', 'assets/CodeEditor.js', 'assets/codicon.ttf', 'assets/editor.api.js', 'assets/editor.css', 'assets/jsx.js', 'assets/ts.worker.js', 'assets/tsMode.js'].sort(),
    );
    // Not the entry the page already loaded, nor chunks the editor does not need.
    expect(files).not.toContain('assets/index.js');
    expect(files).not.toContain('assets/FlowDiagram.js');
  });

  it('are none for a source the build does not have', () => {
    expect(filesToPrefetch(manifest, ['src/editor/gone.ts'])).toEqual([]);
  });
});
