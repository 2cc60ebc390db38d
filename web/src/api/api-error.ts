import type { CompileProblem } from '../../../server/contract/api.js';

/** Any answer of the control API that is not a success; `status` 404 means the session is gone. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly compile?: CompileProblem,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  get isNotFound(): boolean {
    return this.status === 404;
  }
}
