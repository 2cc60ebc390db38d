import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import TsWorker from 'monaco-editor/language/typescript/ts.worker?worker';
import learnerApi from '../../../server/contract/learner-api.d.ts?raw';
import * as monaco from './monaco-entry.js';

// Bundled workers: the editor never reaches out to a CDN, so it works offline.
self.MonacoEnvironment = {
  getWorker: (_id, label) => (label === 'typescript' || label === 'javascript' ? new TsWorker() : new EditorWorker()),
};

monaco.typescriptDefaults.setCompilerOptions({
  target: 99 /* ESNext */,
  // The sandbox has no DOM and no Node: only the language and the learner API exist there.
  lib: ['es2022'],
  allowNonTsExtensions: true,
  strict: false,
  noEmit: true,
});
monaco.typescriptDefaults.addExtraLib(learnerApi, 'file:///gudang/learner-api.d.ts');

monaco.editor.defineTheme('gudang', {
  base: 'vs',
  inherit: true,
  rules: [],
  colors: { 'editor.background': '#fdfdfc', 'editorLineNumber.foreground': '#6b7280', 'editorLineNumber.activeForeground': '#111827', 'editorLineNumber.dimmedForeground': '#6b7280' },
});

export { monaco };
