import type { NextFunction, Request, Response } from 'express';

const ARRIVED = Symbol('arrived');

/** Profiling only (GUDANG_PROFILE=1): stamps when Express first saw the request. */
export function arrivedAt(req: Request, _res: Response, next: NextFunction): void {
  (req as unknown as Record<symbol, number>)[ARRIVED] = performance.now();
  next();
}

/** When `arrivedAt` stamped the request, or undefined when it did not run. */
export const arrivalOf = (req: Request): number | undefined => (req as unknown as Record<symbol, number | undefined>)[ARRIVED];
