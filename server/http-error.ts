/** An error that knows its HTTP status; the one error handler turns it into `{ error, field? }`. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly details: { field?: string; compile?: { message: string; line: number; column: number }; startup?: { traceId?: string } } = {},
  ) {
    super(message);
  }
}
