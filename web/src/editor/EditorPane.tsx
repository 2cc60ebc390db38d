import { lazy, Suspense } from 'react';
import type { CompileProblem } from '../../../server/contract/api.js';
import type { SaveState } from '../session/session-state.js';
import { useI18n } from '../i18n/i18n-context.js';
import { CodePreview } from './CodePreview.js';
import { loadCodeEditor } from './load-code-editor.js';
import { useAfterFirstPaint } from './use-after-first-paint.js';

// Monaco and its TypeScript worker are megabytes: fetched when the browser is idle after the first paint.
const CodeEditor = lazy(loadCodeEditor);

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
  const editorWanted = useAfterFirstPaint();
  const preview = <CodePreview code={code} label={t('code')} note={t('loadingEditor')} />;
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
      {editorWanted ? (
        <Suspense fallback={preview}>
          <CodeEditor code={code} documentId={documentId} onChange={onChange} onSave={onSave} stepLine={stepLine} compileProblem={compileProblem} label={`${t('code')}. ${t('editorKeysLong')}`} />
        </Suspense>
      ) : (
        preview
      )}
    </section>
  );
}
