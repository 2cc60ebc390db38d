import { classInfoSchema, classTableSchema, studentWorkSchema, type ClassTable } from '../../../server/contract/classes.js';
import { request } from '../api/client.js';

const klass = (code: string) => `/api/classes/${encodeURIComponent(code)}`;

/** The teacher's calls; the teacher's cookie is HttpOnly and scoped to its class's routes. */
export const teachApi = {
  create: (name: string, password: string) => request(classInfoSchema, 'POST', '/api/classes', { name, password }),
  login: (code: string, password: string) => request(classInfoSchema, 'POST', `${klass(code)}/login`, { password }),
  /** 200 when this browser is logged in as the class's teacher, else 401/403. */
  get: (code: string) => request(classInfoSchema, 'GET', klass(code)),
  studentWork: (code: string, studentId: string, lessonId: string) =>
    request(studentWorkSchema, 'GET', `${klass(code)}/students/${encodeURIComponent(studentId)}/lessons/${encodeURIComponent(lessonId)}`),
  csvUrl: (code: string) => `${klass(code)}/table.csv`,
  eventsUrl: (code: string) => `${klass(code)}/events`,
};

export const parseTable = (data: unknown): ClassTable | undefined => classTableSchema.safeParse(data).data;

/** /teach/K7QX2M → K7QX2M; /teach → undefined. */
export function classCodeInPath(pathname: string): string | undefined {
  const match = /^\/teach\/([A-Za-z0-9]{6})\/?$/.exec(pathname);
  return match?.[1]?.toUpperCase();
}
