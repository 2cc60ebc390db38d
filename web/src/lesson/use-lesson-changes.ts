import { useEffect, useRef } from 'react';
import { lessonChangeSchema, type LessonChange } from '../../../server/contract/lesson.js';
import { LESSON_EVENTS_URL } from '../api/client.js';

/**
 * Calls `onChange` whenever the server says the files of lesson `lessonId` changed (dev, with
 * GUDANG_WATCH_LESSONS=1), with the problems the lesson now has; also at once when it connects
 * while the lesson is broken. Without lesson reload the stream stays quiet.
 */
export function useLessonChanges(lessonId: string | undefined, onChange: (change: LessonChange) => void): void {
  const latest = useRef(onChange);
  latest.current = onChange;
  useEffect(() => {
    if (!lessonId || typeof EventSource === 'undefined') return;
    const source = new EventSource(LESSON_EVENTS_URL);
    source.addEventListener('lesson', (event) => {
      if (!(event instanceof MessageEvent)) return;
      let data: unknown;
      try {
        data = JSON.parse(String(event.data));
      } catch {
        return;
      }
      const change = lessonChangeSchema.safeParse(data);
      if (change.success && change.data.id === lessonId) latest.current(change.data);
    });
    source.onerror = () => source.close();
    return () => source.close();
  }, [lessonId]);
}
