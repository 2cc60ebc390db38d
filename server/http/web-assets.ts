import { Router } from 'express';
import expressStaticGzip from 'express-static-gzip';
import type { LessonCatalog } from '../lessons/lesson-catalog.js';
import { firstScreenPage } from './first-screen.js';

/**
 * The built UI. Files are sent pre-compressed (the .br and .gz that scripts/precompress.mjs wrote
 * beside them) by Accept-Encoding, with Vary; what Vite names by content hash never changes, so the
 * browser keeps it for a year without asking. Every other page is the app's, with its first screen in it.
 */
export function webAssets(webDir: string, catalog: LessonCatalog): Router {
  const router = Router();
  const precompressed = (root: string, cache: { immutable: boolean; maxAge: string }) =>
    expressStaticGzip(root, { enableBrotli: true, orderPreference: ['br', 'gz'], index: false, serveStatic: { index: false, ...cache } });
  router.use('/assets', precompressed(`${webDir}/assets`, { immutable: true, maxAge: '1y' }));
  router.use(precompressed(webDir, { immutable: false, maxAge: '0' }));
  router.get(/^\/(?!api\/|sandbox\/).*/, firstScreenPage(webDir, catalog));
  return router;
}
