import { z } from 'zod';
import { apiErrorSchema, codeAcceptedSchema, databaseSnapshotSchema, sessionCreatedSchema } from '../../../server/contract/api.js';
import { checkReportSchema, solutionSchema } from '../../../server/contract/checks.js';
import { meSchema, predictionsRecordedSchema, studentInfoSchema, type PredictionsBody } from '../../../server/contract/classes.js';
import { lessonSchema, lessonSummarySchema } from '../../../server/contract/lesson.js';
import { solutionComparisonSchema, traceSchema, traceSummarySchema } from '../../../server/contract/trace.js';
import { ApiError } from './api-error.js';
import { takeInlinedLesson, takeInlinedLessons } from './first-screen-data.js';

const lessonListSchema = z.object({ lessons: z.array(lessonSummarySchema), problems: z.array(z.string()) });
const traceListSchema = z.object({ traces: z.array(traceSummarySchema) });

/** Calls the control API and parses the answer with its schema; every failure becomes an ApiError. */
export async function request<T extends z.ZodType>(schema: T, method: string, path: string, body?: unknown): Promise<z.infer<T>> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (error) {
    throw new ApiError(0, `the Gudang server cannot be reached (${(error as Error).message})`);
  }
  const json: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const problem = apiErrorSchema.safeParse(json);
    throw new ApiError(response.status, problem.success ? problem.data.error : `HTTP ${response.status}`, problem.success ? problem.data.compile : undefined);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new ApiError(response.status, `unexpected answer from ${path}: ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}

/** An answer the page already holds, if it is what the schema expects; otherwise the request is made. */
function inlinedOr<T extends z.ZodType>(schema: T, inlined: unknown, fetchIt: () => Promise<z.infer<T>>): Promise<z.infer<T>> {
  const parsed = inlined === undefined ? undefined : schema.safeParse(inlined);
  return parsed?.success ? Promise.resolve(parsed.data) : fetchIt();
}

const session = (id: string) => `/api/sessions/${encodeURIComponent(id)}`;

export const api = {
  lessons: () => inlinedOr(lessonListSchema, takeInlinedLessons(), () => request(lessonListSchema, 'GET', '/api/lessons')),
  lesson: (id: string) => inlinedOr(lessonSchema, takeInlinedLesson(id), () => request(lessonSchema, 'GET', `/api/lessons/${encodeURIComponent(id)}`)),
  createSession: (lessonId: string) => request(sessionCreatedSchema, 'POST', '/api/sessions', { lessonId }),
  getSession: (id: string) => request(sessionCreatedSchema, 'GET', session(id)),
  resetSession: (id: string) => request(sessionCreatedSchema, 'POST', `${session(id)}/reset`),
  resetData: (id: string) => request(sessionCreatedSchema, 'POST', `${session(id)}/reset-data`),
  putCode: (id: string, code: string) => request(codeAcceptedSchema, 'PUT', `${session(id)}/code`, { code }),
  database: (id: string) => request(databaseSnapshotSchema, 'GET', `${session(id)}/database`),
  traces: (id: string) => request(traceListSchema, 'GET', `${session(id)}/traces`),
  trace: (id: string, traceId: string) => request(traceSchema, 'GET', `${session(id)}/traces/${encodeURIComponent(traceId)}`),
  checks: (id: string) => request(checkReportSchema, 'POST', `${session(id)}/checks`),
  solution: (id: string) => request(solutionSchema, 'GET', `${session(id)}/solution`),
  compareWithSolution: (id: string, traceId: string) => request(solutionComparisonSchema, 'POST', `${session(id)}/traces/${encodeURIComponent(traceId)}/compare-with-solution`),
  predictions: (id: string, answers: PredictionsBody) => request(predictionsRecordedSchema, 'POST', `${session(id)}/predictions`, answers),
  /** This browser's class student, if it joined a class (the cookie is HttpOnly: only the server can say). */
  me: () => request(meSchema, 'GET', '/api/me'),
  joinClass: (code: string, displayName: string) => request(studentInfoSchema, 'POST', `/api/classes/${encodeURIComponent(code.trim().toUpperCase())}/students`, { displayName }),
};

/** `fromStart`: the stream first replays the session's traces so far (for a session made just now). */
export const sessionEventsUrl = (id: string, fromStart = false) => `${session(id)}/events${fromStart ? '?after=' : ''}`;
export const LESSON_EVENTS_URL = '/api/lessons/events';
