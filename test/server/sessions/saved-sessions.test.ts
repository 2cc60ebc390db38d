/**
 * Nothing a learner did is lost: databases reach the store at most once a second per session,
 * a change still waiting is marked, and a restarted server opens sessions from its SQLite file.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImageSaver } from '../../../server/sessions/image-saver.js';
import { SqliteStore } from '../../../server/store/sqlite-store.js';
import { DEFAULT_LIMITS } from '../../../server/sandbox/sandbox-types.js';
import { call, newSession, startTestGudang } from '../../helpers/gudang-under-test.js';

/** About persistence, not limits: a first request on a loaded machine may need more than 1 s. */
const limits = { ...DEFAULT_LIMITS, timeoutMs: 10_000 };

const bytes = (n: number) => new Uint8Array([n, n, n]);

describe('the image saver', () => {
  let store: SqliteStore;
  beforeAll(async () => {
    store = new SqliteStore(':memory:');
    await store.saveSession({ id: 's', studentId: null, lessonId: 'l', code: '', lastSeenAt: 0, createdAt: 0 });
  });
  afterAll(() => store.close());

  it('writes the first change at once, marks later ones pending, and writes the newest at the end of the interval', async () => {
    const saver = new ImageSaver(store, 300);
    saver.committed('s', bytes(1));
    saver.committed('s', bytes(2));
    saver.committed('s', bytes(3));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const waiting = await store.loadSession('s');
    expect([...waiting!.dbImage!]).toEqual([1, 1, 1]);
    expect(waiting!.pendingSince).not.toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 400));
    const written = await store.loadSession('s');
    expect([...written!.dbImage!]).toEqual([3, 3, 3]);
    expect(written!.pendingSince).toBeNull();
    expect(saver.writeMs).toHaveLength(2);
  });

  it('writes what waits when flushed (a session leaving memory, the server stopping)', async () => {
    const saver = new ImageSaver(store, 60_000);
    saver.committed('s', bytes(4));
    saver.committed('s', bytes(5));
    await saver.flushAll();
    expect([...(await store.loadSession('s'))!.dbImage!]).toEqual([5, 5, 5]);
  });
});

describe('a restarted server', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'gudang-restart-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('opens a session from its SQLite file with the learner’s code and rows, and says nothing was lost after a clean stop', { timeout: 60_000 }, async () => {
    const store = { engine: 'sqlite' as const, file: join(dir, 'gudang.sqlite') };
    const first = await startTestGudang({ store, limits });
    const { sessionId, code } = await newSession(first.url);
    for (const name of ['Tempe', 'Tahu', 'Oncom']) expect((await call(first.url, 'POST', `/sandbox/${sessionId}/api/products`, { name, price: 1 })).status).toBe(201);
    const edited = `${code}\napp.get('/mine', (req, res) => res.json({ mine: true }));`;
    expect((await call(first.url, 'PUT', `/api/sessions/${sessionId}/code`, { code: edited })).status).toBe(200);
    await first.close();

    const second = await startTestGudang({ store, limits });
    try {
      const names = (await call(second.url, 'GET', `/sandbox/${sessionId}/api/products`)).json.map((p: { name: string }) => p.name);
      expect(names).toEqual(expect.arrayContaining(['Tempe', 'Tahu', 'Oncom']));
      expect((await call(second.url, 'GET', `/sandbox/${sessionId}/mine`)).json).toEqual({ mine: true });
      const described = (await call(second.url, 'GET', `/api/sessions/${sessionId}`)).json;
      expect(described.code).toBe(edited);
      expect(described.restored).toMatchObject({ recentChangesMayBeLost: false });
      expect(described.restored.savedAt).toBeGreaterThan(Date.now() - 120_000);
    } finally {
      await second.close();
    }
  });

  it('says recent changes may be lost only when one was still waiting for its write', { timeout: 60_000 }, async () => {
    const file = join(dir, 'pending.sqlite');
    // A minute between writes: the second change surely waits.
    const first = await startTestGudang({ store: { engine: 'sqlite', file }, imageSaveMs: 60_000, limits });
    const { sessionId } = await newSession(first.url);
    await call(first.url, 'POST', `/sandbox/${sessionId}/api/products`, { name: 'Saved at once', price: 1 });
    await call(first.url, 'POST', `/sandbox/${sessionId}/api/products`, { name: 'Waiting a second', price: 1 });
    // A process that dies now never writes the second one; the store's copy shows what a new instance would find.
    const copy = join(dir, 'crashed.sqlite');
    await new Promise((resolve) => setTimeout(resolve, 200));
    await (first.store as SqliteStore).backup(copy);
    await first.close();

    const second = await startTestGudang({ store: { engine: 'sqlite', file: copy }, limits });
    try {
      const names = (await call(second.url, 'GET', `/sandbox/${sessionId}/api/products`)).json.map((p: { name: string }) => p.name);
      expect(names).toContain('Saved at once');
      expect(names).not.toContain('Waiting a second');
      expect((await call(second.url, 'GET', `/api/sessions/${sessionId}`)).json.restored).toMatchObject({ recentChangesMayBeLost: true });
      // Said once: the page's next look (a reload) is not told again.
      expect((await call(second.url, 'GET', `/api/sessions/${sessionId}`)).json.restored).toMatchObject({ recentChangesMayBeLost: false });
    } finally {
      await second.close();
    }
    // Said once: opened again later, the session has nothing new to warn about.
    const third = await startTestGudang({ store: { engine: 'sqlite', file: copy }, limits });
    try {
      expect((await call(third.url, 'GET', `/api/sessions/${sessionId}`)).json.restored).toMatchObject({ recentChangesMayBeLost: false });
    } finally {
      await third.close();
    }
  });
});
