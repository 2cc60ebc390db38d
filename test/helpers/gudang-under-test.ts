import { fileURLToPath } from 'node:url';
import { configFromEnv, type GudangConfig } from '../../server/config.js';
import { startGudang, type Gudang } from '../../server/gudang.js';
import { requestJson } from '../../scripts/lib/http.js';

export const FIXTURE_LESSONS = fileURLToPath(new URL('../fixtures/lessons', import.meta.url));
export const COURSE_LESSONS = fileURLToPath(new URL('../../lessons', import.meta.url));
export const WORKER_URL = new URL('../../dist/server/sandbox-worker.js', import.meta.url);
export const WEB_DIR = fileURLToPath(new URL('../../dist/web', import.meta.url));

/** The real server on an ephemeral port, with the built sandbox worker. */
export async function startTestGudang(overrides: Partial<GudangConfig> = {}, webDir?: string): Promise<Gudang> {
  const config: GudangConfig = { ...configFromEnv({}, FIXTURE_LESSONS), port: 0, workers: 2, store: { engine: 'sqlite', file: ':memory:' }, ...overrides };
  return startGudang(config, { workerUrl: WORKER_URL, webDir });
}

/** A tiny HTTP client for tests: JSON in, status + headers + parsed body out. */
export const call = (base: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => requestJson(base, method, path, body, { headers });

export async function newSession(base: string, lessonId = '01-products') {
  const created = await call(base, 'POST', '/api/sessions', { lessonId });
  if (created.status !== 201) throw new Error(`session not created: ${created.text}`);
  return created.json as { sessionId: string; sandboxUrl: string; code: string };
}

/** A new session whose code is the lesson's plus `routes` (learner code), ready to call. */
export async function sessionWithRoutes(base: string, routes: string, lessonId = '01-products') {
  const session = await newSession(base, lessonId);
  const put = await call(base, 'PUT', `/api/sessions/${session.sessionId}/code`, { code: `${session.code}\n${routes}` });
  if (put.status !== 200) throw new Error(`code refused: ${put.text}`);
  return session;
}

/** The session's newest trace, whole, and the size of its JSON. */
export async function newestTrace(base: string, sessionId: string) {
  const [summary] = (await call(base, 'GET', `/api/sessions/${sessionId}/traces`)).json.traces;
  const full = await call(base, 'GET', `/api/sessions/${sessionId}/traces/${summary.id}`);
  return { summary, trace: full.json, bytes: full.text.length };
}
