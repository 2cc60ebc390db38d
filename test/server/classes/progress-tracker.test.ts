import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ProgressTracker } from '../../../server/classes/progress-tracker.js';
import { SqliteStore } from '../../../server/store/sqlite-store.js';

const LESSON = '02-routes-and-logic';
let store: SqliteStore;
let tracker: ProgressTracker;

beforeEach(async () => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  store = new SqliteStore(':memory:');
  await store.createClass({ id: 'c', code: 'ABCDEF', name: 'Kelas', passwordHash: 'scrypt$test', createdAt: 0 });
  await store.addStudent({ id: 's', classId: 'c', displayName: 'Ani', createdAt: 0, tokenHash: 'h' });
  tracker = new ProgressTracker(store);
});

afterEach(async () => {
  vi.useRealTimers();
  await store.close();
});

const lastActivity = async () => (await store.progressOfStudent('s')).find((p) => p.lessonId === LESSON)?.lastActivityAt;

describe('a student’s activity on a lesson', () => {
  it('is written at once when forced, and a burst of requests at most once per 5 s, its last one included', async () => {
    await tracker.touch('s', LESSON, 1_000);
    expect(await lastActivity()).toBe(1_000);
    await tracker.touch('s', LESSON, 2_000, false);
    await tracker.touch('s', LESSON, 3_500, false);
    // Held back by the throttle for now…
    expect(await lastActivity()).toBe(1_000);
    // …and written when the 5 s since the last write are over, with the burst's last time.
    await vi.advanceTimersByTimeAsync(4_000);
    await vi.waitFor(async () => expect(await lastActivity()).toBe(3_500));
    // After the wait, a request is written at once again.
    await tracker.touch('s', LESSON, 20_000, false);
    expect(await lastActivity()).toBe(20_000);
  });
});
