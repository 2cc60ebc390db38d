import { lazy, Suspense, useEffect, useState } from 'react';
import type { CompileProblem } from '../../../server/contract/api.js';
import type { SaveState } from '../session/session-state.js';
import { useI18n } from '../i18n/i18n-context.js';
import { CodePreview, type CodePosition } from './CodePreview.js';
import { loadCodeEditor } from './load-code-editor.js';
import { prefetchEditorWhenIdle } from './prefetch-editor.js';
import { onEditorWanted } from './reveal-line.js';

// Monaco and its TypeScript worker are megabytes: fetched when the page is idle (prefetch-editor.ts),
// run when the learner reaches for the code.
const CodeEditor = lazy(loadCodeEditor);

/** Why the editor is wanted: the learner focused or clicked the code (where), or a line was asked for. */
type Wanted = { focus: boolean; at?: CodePosition };

export interface EditorPaneProps {
  code: string;
  /** Which document the code belongs to; see CodeEditor. */
  documentId?: string;
  onChange: (code: string) => void;
  /** Called with the editor's code when the save comes from the editor (Ctrl/⌘ + S), without it from the button. */
  onSave: (code?: string) => void;
  saveState: SaveState;
  compileProblem?: CompileProblem;
  stepLine?: number;
  onReset: () => void;
}

/** The learner's code with Save, its state and any compile error from the server. */
export function EditorPane({ code, documentId, onChange, onSave, saveState, compileProblem, stepLine, onReset }: EditorPaneProps) {
  const { t } = useI18n();
  const [wanted, setWanted] = useState<Wanted | null>(null);
  // The inspector's "line N" opens the editor too; the line waits for it (reveal-line.ts).
  useEffect(() => onEditorWanted(() => setWanted((w) => w ?? { focus: false })), []);
  useEffect(prefetchEditorWhenIdle, []);
  const want = (at?: CodePosition) => setWanted((w) => w ?? { focus: true, at });
  const preview = <CodePreview code={code} label={t('code')} note={wanted ? t('loadingEditor') : t('openEditor')} loading={wanted !== null} stepLine={stepLine} onWant={want} />;
  const stateText = saveState === 'saved' ? `✓ ${t('saved')}` : saveState === 'saving' ? t('saving') : saveState === 'dirty' ? `● ${t('unsaved')}` : `⚠ ${t('compileError')}`;
  return (
    <section className="editor-pane" aria-label={t('code')}>
      <div className="pane-toolbar">
        <h2 className="pane-title">{t('code')}</h2>
        <span className={`save-state save-state--${saveState}`} role="status" data-testid="save-state">
          {stateText}
        </span>
        <span className="tabs__spacer" />
        <button type="button" className="small-button" onClick={onReset}>
          {t('resetLesson')}
        </button>
        <button type="button" className="primary-button" onClick={() => onSave()} disabled={saveState === 'saving'} title="Ctrl/⌘ + S">
          {t('save')}
        </button>
      </div>
      <p className="editor-keys muted" id="editor-keys">
        {t('editorKeys')}
      </p>
      {compileProblem && (
        <p className="compile-error" role="alert" data-testid="compile-error">
          ⚠ {t('line')} {compileProblem.line}:{compileProblem.column} — {compileProblem.message}
        </p>
      )}
      {wanted ? (
        <Suspense fallback={preview}>
          <CodeEditor
            code={code}
            documentId={documentId}
            onChange={onChange}
            onSave={onSave}
            stepLine={stepLine}
            compileProblem={compileProblem}
            label={`${t('code')}. ${t('editorKeysLong')}`}
            focusAt={wanted.focus ? (wanted.at ?? { line: 1, column: 1 }) : undefined}
          />
        </Suspense>
      ) : (
        preview
      )}
    </section>
  );
}
