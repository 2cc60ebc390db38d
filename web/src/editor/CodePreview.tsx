export interface CodePreviewProps {
  code: string;
  label: string;
  note: string;
}

/**
 * The learner's code, read-only, in the box the editor will fill, with the editor's font, line
 * height and gutter: what is on screen stays where it is when Monaco arrives.
 */
export function CodePreview({ code, label, note }: CodePreviewProps) {
  const lines = code.split('\n');
  return (
    <div className="code-editor code-preview" role="region" aria-label={label} aria-busy="true" data-testid="code-preview">
      <span className="visually-hidden">{note}</span>
      <ol aria-hidden="true">
        {lines.map((line, i) => (
          <li key={i}>{line || ' '}</li>
        ))}
      </ol>
    </div>
  );
}
