import type { NextFunction, Request, Response, Router } from 'express';
import { HttpError } from '../http-error.js';

/**
 * The control API holds no cookie, but a page in the browser may still send it requests: only the
 * UI itself (same origin) and clients that are not browsers (curl, scripts: no Sec-Fetch-Site and
 * no Origin) are answered. A learner's sandboxed page has the origin "null" and is refused.
 */
export function sameOriginOnly(req: Request, _res: Response, next: NextFunction): void {
  const site = req.get('sec-fetch-site');
  const origin = req.get('origin');
  if ((site !== undefined && site !== 'same-origin' && site !== 'none') || origin === 'null') {
    throw new HttpError(403, 'the Gudang API answers only its own web page and clients such as curl, not pages from other sites or learner apps');
  }
  next();
}

/** A JSON body must be sent as JSON: a body of another type is refused, naming the one expected. */
export function jsonBodyOnly(req: Request, _res: Response, next: NextFunction): void {
  const hasBody = Number(req.get('content-length') ?? 0) > 0 || req.get('transfer-encoding') !== undefined;
  if (hasBody && !req.is('application/json')) {
    throw new HttpError(415, `the body must be JSON, sent with Content-Type: application/json (got ${JSON.stringify(req.get('content-type') ?? 'none')})`);
  }
  next();
}

interface RouteLayer {
  route?: { methods: Record<string, boolean> };
  match(path: string): boolean;
}

/**
 * For a path some route knows but not with this method: 405 with the methods it allows (Express
 * 5 routers answer 404 there). The routes are read from the routers themselves, so this stays true.
 */
export function methodNotAllowed(routers: Router[]) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const allowed = new Set<string>();
    const path = req.baseUrl + req.path;
    for (const router of routers) {
      for (const layer of router.stack as unknown as RouteLayer[]) {
        if (!layer.route || !layer.match(path)) continue;
        for (const method of Object.keys(layer.route.methods)) allowed.add(method.toUpperCase());
      }
    }
    if (allowed.size === 0) {
      next();
      return;
    }
    if (allowed.has('GET')) allowed.add('HEAD');
    res.setHeader('Allow', [...allowed].sort().join(', '));
    next(new HttpError(405, `${req.method} is not allowed on ${path}; use ${[...allowed].sort().join(' or ')}`));
  };
}
