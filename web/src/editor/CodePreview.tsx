import { type PointerEvent, useId } from 'react';

/** Where in the code the learner wants the cursor: 1-based, as the editor counts. */
export interface CodePosition {
  line: number;
  column: number;
}

export interface CodePreviewProps {
  code: string;
  label: string;
  /** What happens when it is focused or clicked: the editor opens. */
  note: string;
  /** The editor is on its way. */
  loading: boolean;
  /** The line the current step came from, marked as the editor marks it. */
  stepLine?: number;
  /** The learner reached for the code (focus or click); `at` is where they clicked, if they did. */
  onWant: (at?: CodePosition) => void;
}

/** The character under the pointer, found by the browser's own hit-testing of the text. */
function positionAt(event: PointerEvent): CodePosition | undefined {
  const item = (event.target as HTMLElement).closest('li');
  if (!item?.parentElement) return undefined;
  const line = [...item.parentElement.children].indexOf(item) + 1;
  const range = document.caretRangeFromPoint?.(event.clientX, event.clientY);
  const column = range && item.contains(range.startContainer) ? range.startOffset + 1 : (item.textContent ?? '').length + 1;
  return { line, column };
}

/**
 * The learner's code, read-only, in the box the editor will fill, with the editor's font, line
 * height and gutter: readable at once, and what is on screen stays where it is when Monaco arrives.
 * Monaco is megabytes of script; it is evaluated when the learner reaches for the code, not before.
 */
export function CodePreview({ code, label, note, loading, stepLine, onWant }: CodePreviewProps) {
  const noteId = useId();
  const lines = code.split('\n');
  return (
    // tabIndex: the keyboard reaches the code here, and focusing it opens the editor.
    <div
      className="code-editor code-preview"
      role="region"
      aria-label={label}
      aria-describedby={noteId}
      aria-busy={loading}
      tabIndex={0}
      data-testid="code-preview"
      onPointerDown={(event) => onWant(positionAt(event))}
      onFocus={() => onWant()}
    >
      <span className="visually-hidden" id={noteId}>
        {note}
      </span>
      <ol aria-hidden="true">
        {lines.map((line, i) => (
          <li key={i} className={i + 1 === stepLine ? 'step-line' : undefined}>
            {line || ' '}
          </li>
        ))}
      </ol>
    </div>
  );
}
