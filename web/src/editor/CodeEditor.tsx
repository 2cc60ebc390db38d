import { useEffect, useRef } from 'react';
import type { CompileProblem } from '../../../server/contract/api.js';
import { guardHorizontalReveal } from './guard-horizontal-reveal.js';
import { monaco } from './monaco-setup.js';
import { onRevealLine } from './reveal-line.js';

export interface CodeEditorProps {
  code: string;
  /**
   * Which document `code` belongs to (the lesson). Code of another document replaces the model with
   * a fresh undo history, shown from the top; code of the same one is an edit that Undo can take back.
   */
  documentId?: string;
  onChange: (code: string) => void;
  /** Called with the model's code, which is newer than the `code` prop right after an edit. */
  onSave: (code: string) => void;
  /** The line the current step came from. */
  stepLine?: number;
  compileProblem?: CompileProblem;
  label: string;
  /** Where the cursor goes when the editor appears, focused: the learner clicked or tabbed to the code before it was there. */
  focusAt?: { line: number; column: number };
}

const MODEL_URI = monaco.Uri.parse('file:///gudang/handler.ts');

/** Monaco with the learner's code; this module (and Monaco with it) is only loaded lazily. */
export default function CodeEditor({ code, documentId, onChange, onSave, stepLine, compileProblem, label, focusAt }: CodeEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const editor = useRef<monaco.editor.IStandaloneCodeEditor | null>(null);
  const decorations = useRef<monaco.editor.IEditorDecorationsCollection | null>(null);
  /** True while the code prop is written into the model, so that echo is not reported as typing. */
  const applying = useRef(false);
  /**
   * What the editor reported through onChange and has not seen come back as the code prop, oldest
   * first. A key pressed before React re-rendered makes the prop an older copy of the model; the
   * model is the truth while the learner types, so such a prop is not written back.
   */
  const unechoed = useRef<string[]>([]);
  const callbacks = useRef({ onChange, onSave });
  callbacks.current = { onChange, onSave };

  // biome-ignore lint/correctness/useExhaustiveDependencies: the editor is created once; later props are applied by the effects below
  useEffect(() => {
    const model = monaco.editor.getModel(MODEL_URI) ?? monaco.editor.createModel(code, 'typescript', MODEL_URI);
    const instance = monaco.editor.create(host.current!, {
      model,
      theme: 'gudang',
      automaticLayout: true,
      minimap: { enabled: false },
      fontSize: 13,
      lineHeight: 20,
      scrollBeyondLastLine: false,
      tabSize: 2,
      ariaLabel: label,
      glyphMargin: true,
      fixedOverflowWidgets: true,
      renderLineHighlight: 'line',
      // Faded "unused" text fails contrast, and an unused `req` is normal in a handler.
      showUnused: false,
      stickyScroll: { enabled: false },
    });
    editor.current = instance;
    decorations.current = instance.createDecorationsCollection();
    const changes = model.onDidChangeContent(() => {
      if (applying.current) return;
      const value = model.getValue();
      unechoed.current.push(value);
      callbacks.current.onChange(value);
    });
    instance.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.KeyS, () => callbacks.current.onSave(model.getValue()));
    const revealGuard = guardHorizontalReveal(instance);
    if (focusAt) {
      instance.setPosition({ lineNumber: focusAt.line, column: focusAt.column });
      instance.focus();
    }
    return () => {
      revealGuard.dispose();
      changes.dispose();
      instance.dispose();
      model.dispose();
    };
  }, []);

  const shownDocument = useRef(documentId);
  // Code replaced from outside: another lesson starts afresh; a reset or the solution is an edit, so Undo keeps working.
  useEffect(() => {
    const instance = editor.current;
    const model = instance?.getModel();
    if (!instance || !model) return;
    const otherDocument = documentId !== undefined && documentId !== shownDocument.current;
    if (documentId !== undefined) shownDocument.current = documentId;
    if (!otherDocument) {
      if (model.getValue() === code) {
        unechoed.current = [];
        return;
      }
      const echo = unechoed.current.indexOf(code);
      if (echo >= 0) {
        unechoed.current.splice(0, echo + 1);
        return;
      }
    }
    unechoed.current = [];
    applying.current = true;
    if (otherDocument) {
      model.setValue(code);
      instance.setScrollPosition({ scrollTop: 0, scrollLeft: 0 }, monaco.editor.ScrollType.Immediate);
    } else {
      model.pushEditOperations([], [{ range: model.getFullModelRange(), text: code }], () => null);
    }
    applying.current = false;
  }, [code, documentId]);

  // The inspector's "line N": the cursor goes to that line's start and the learner types there.
  useEffect(
    () =>
      onRevealLine((line) => {
        const instance = editor.current;
        if (!instance) return;
        instance.setPosition({ lineNumber: line, column: 1 });
        instance.revealLineInCenterIfOutsideViewport(line, monaco.editor.ScrollType.Smooth);
        instance.focus();
      }),
    [],
  );

  useEffect(() => {
    const instance = editor.current;
    if (!instance || !decorations.current) return;
    if (stepLine === undefined) {
      decorations.current.clear();
      return;
    }
    decorations.current.set([
      {
        range: new monaco.Range(stepLine, 1, stepLine, 1),
        options: { isWholeLine: true, className: 'step-line', glyphMarginClassName: 'step-line-glyph', glyphMarginHoverMessage: { value: 'current step' } },
      },
    ]);
    instance.revealLineInCenterIfOutsideViewport(stepLine, monaco.editor.ScrollType.Immediate);
    // The line's start is what explains the step; a long line typed earlier may have scrolled away.
    instance.setScrollLeft(0);
  }, [stepLine]);

  useEffect(() => {
    const model = editor.current?.getModel();
    if (!model) return;
    const markers = compileProblem
      ? [
          {
            severity: monaco.MarkerSeverity.Error,
            message: compileProblem.message,
            startLineNumber: compileProblem.line,
            startColumn: compileProblem.column,
            endLineNumber: compileProblem.line,
            endColumn: Math.max(compileProblem.column + 1, model.getLineMaxColumn(Math.min(compileProblem.line, model.getLineCount()))),
          },
        ]
      : [];
    monaco.editor.setModelMarkers(model, 'gudang-server', markers);
  }, [compileProblem]);

  return <div ref={host} className="code-editor" data-testid="monaco-host" />;
}
