/**
 * Asks the code editor to show a line and put the cursor on it (the inspector's "line N"). The
 * editor loads lazily, so the request goes through an event rather than a ref to it; a request
 * made before the editor is there waits for it.
 */
const requests = new EventTarget();
let waiting: number | undefined;

export function revealLineInEditor(line: number): void {
  if (!requests.dispatchEvent(new CustomEvent<number>('reveal', { detail: line, cancelable: true }))) return;
  // No editor took it (each listener that can act cancels the event): it is the first thing the editor does.
  waiting = line;
  requests.dispatchEvent(new Event('wanted'));
}

/** Calls `reveal` with each line asked for, the one asked for before it came first, until the returned function is called. */
export function onRevealLine(reveal: (line: number) => void): () => void {
  const listener = (event: Event) => {
    event.preventDefault();
    reveal((event as CustomEvent<number>).detail);
  };
  requests.addEventListener('reveal', listener);
  if (waiting !== undefined) {
    const line = waiting;
    waiting = undefined;
    reveal(line);
  }
  return () => requests.removeEventListener('reveal', listener);
}

/** Calls `want` when a line is asked for while no editor is there to show it. */
export function onEditorWanted(want: () => void): () => void {
  requests.addEventListener('wanted', want);
  return () => requests.removeEventListener('wanted', want);
}
