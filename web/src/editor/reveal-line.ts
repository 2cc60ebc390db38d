/**
 * Asks the code editor to show a line and put the cursor on it (the inspector's "line N"). The
 * editor loads lazily, so the request goes through an event rather than a ref to it.
 */
const requests = new EventTarget();

export function revealLineInEditor(line: number): void {
  requests.dispatchEvent(new CustomEvent<number>('reveal', { detail: line }));
}

/** Calls `reveal` with each line asked for, until the returned function is called. */
export function onRevealLine(reveal: (line: number) => void): () => void {
  const listener = (event: Event) => reveal((event as CustomEvent<number>).detail);
  requests.addEventListener('reveal', listener);
  return () => requests.removeEventListener('reveal', listener);
}
