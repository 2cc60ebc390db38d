import type { Request, Response } from 'express';

/** The cookie that says which class student this browser is. */
export const STUDENT_COOKIE = 'gudang_student';
/** One cookie per class a teacher logged into, sent only to that class's routes. */
export const teacherCookie = (code: string) => `gudang_teacher_${code}`;

/** One cookie from the request's Cookie header (no parser needed for names we choose). */
export function readCookie(req: Request, name: string): string | undefined {
  for (const part of (req.get('cookie') ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim()) || undefined;
  }
  return undefined;
}

/** HttpOnly (no script reads it) and SameSite=Strict (no other site's page sends it). */
export function setTokenCookie(req: Request, res: Response, name: string, token: string, path: string): void {
  res.cookie(name, token, { httpOnly: true, sameSite: 'strict', secure: req.secure, path, maxAge: 365 * 24 * 60 * 60_000 });
}
