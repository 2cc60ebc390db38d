/** Something wrong with one lesson. A lesson that cannot load is skipped; the others still load. */
export interface LessonProblem {
  /** `lessons/02-routes/lesson.md:4 — title — Required` */
  message: string;
  /** Worth fixing but not wrong (a type error in the starter): `lessons:check` still passes. */
  warning?: boolean;
}
