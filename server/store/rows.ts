import type { ClassRecord, ProgressRecord, SessionRecord, StudentRecord } from './data-store.js';

/** A row as either driver returns it: snake_case columns, BIGINTs already numbers. */
export type Row = Record<string, unknown>;

const num = (value: unknown) => (value === null || value === undefined ? null : Number(value));

export const classFromRow = (r: Row): ClassRecord => ({ id: String(r.id), code: String(r.code), name: String(r.name), passwordHash: String(r.password_hash), createdAt: Number(r.created_at) });

export const studentFromRow = (r: Row): StudentRecord => ({ id: String(r.id), classId: String(r.class_id), displayName: String(r.display_name), createdAt: Number(r.created_at) });

export const progressFromRow = (r: Row): ProgressRecord => ({
  studentId: String(r.student_id),
  lessonId: String(r.lesson_id),
  checksPassed: num(r.checks_passed),
  checksTotal: num(r.checks_total),
  failingChecks: JSON.parse(String(r.failing_checks)) as string[],
  doneAt: num(r.done_at),
  lastActivityAt: Number(r.last_activity_at),
  ...(Number(r.predictions_total) > 0 ? { predictions: { right: Number(r.predictions_right), total: Number(r.predictions_total) } } : {}),
});

export const sessionFromRow = (r: Row): SessionRecord => ({
  id: String(r.id),
  studentId: r.student_id === null ? null : String(r.student_id),
  lessonId: String(r.lesson_id),
  code: String(r.code),
  // A copy the size of the image: drivers hand out views into larger pooled buffers.
  dbImage: r.db_image ? new Uint8Array(r.db_image as Uint8Array) : null,
  imageSavedAt: num(r.image_saved_at),
  pendingSince: num(r.pending_since),
  lastSeenAt: Number(r.last_seen_at),
  createdAt: Number(r.created_at),
});
