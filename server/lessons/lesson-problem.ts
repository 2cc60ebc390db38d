/** Something wrong with one lesson; the lesson is skipped and the others still load. */
export interface LessonProblem {
  /** `lessons/02-routes/lesson.md:4 — title — Required` */
  message: string;
}
