import { lessonChangeSchema, type LessonChange } from '../../../server/contract/lesson.js';
import { traceSchema, type Trace } from '../../../server/contract/trace.js';
import { LESSON_EVENTS_URL } from '../api/client.js';

/** The part of EventSource the session client uses, so tests can hand it a fake. */
export interface EventStream {
  readonly readyState: number;
  addEventListener(type: string, listener: (event: Event) => void): void;
  onerror: ((event: Event) => void) | null;
  close(): void;
}
export type OpenEventStream = (url: string) => EventStream;

/** EventSource.CLOSED, which is not defined where EventSource is not (unit tests). */
const CLOSED = 2;

/** Parses one message's data with its schema; anything else is ignored. */
function listen<T>(source: EventStream, type: string, parse: (data: unknown) => T | undefined, onData: (data: T) => void) {
  source.addEventListener(type, (event) => {
    if (!(event instanceof MessageEvent)) return;
    let data: unknown;
    try {
      data = JSON.parse(String(event.data));
    } catch {
      return;
    }
    const parsed = parse(data);
    if (parsed !== undefined) onData(parsed);
  });
}

/**
 * Each trace of the session, live. EventSource retries by itself; a stream closed for good means
 * the server does not know the session (any more): `onClosed` is told once. A stream that opens
 * again after an error may have reached another instance (or a restarted one): `onReopened`.
 */
export function watchTraces(open: OpenEventStream, url: string, onTrace: (trace: Trace) => void, onClosed: () => void, onReopened: () => void = () => {}): () => void {
  let stopped = false;
  let broken = false;
  const source = open(url);
  listen(source, 'trace', (data) => traceSchema.safeParse(data).data, onTrace);
  source.addEventListener('open', () => {
    if (broken && !stopped) onReopened();
    broken = false;
  });
  source.onerror = () => {
    broken = true;
    if (source.readyState === CLOSED && !stopped) onClosed();
  };
  return () => {
    stopped = true;
    source.close();
  };
}

/**
 * The changes of lesson `lessonId`'s files (dev, with GUDANG_WATCH_LESSONS=1), with the problems it
 * now has; also at once when it connects while the lesson is broken. Elsewhere the stream stays quiet.
 */
export function watchLessonChanges(open: OpenEventStream, lessonId: string, onChange: (change: LessonChange) => void): () => void {
  const source = open(LESSON_EVENTS_URL);
  listen(
    source,
    'lesson',
    (data) => lessonChangeSchema.safeParse(data).data,
    (change) => change.id === lessonId && onChange(change),
  );
  source.onerror = () => source.close();
  return () => source.close();
}
