/** Gives the browser its main thread back (input, paint) before the next step. */
const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve));

/**
 * Monaco in steps, each in a task of its own, so the page answers input in between: Monaco's API
 * (the largest script), then the editor's features and the TypeScript set-up. The editor itself is
 * created later still, in CodeEditor's effect.
 */
export async function loadCodeEditor() {
  await import('./monaco-api.js');
  await nextTask();
  return import('./CodeEditor.js');
}
