import compression from 'compression';
import type { RequestHandler, Response } from 'express';

/**
 * Brotli or gzip by Accept-Encoding for the API and the UI's pages, from 1 KB up (compression adds
 * Vary). Two kinds of answer are left alone: Server-Sent Events, which the compressor would hold
 * back until its buffer filled (an event must arrive at once), and the learner's own app under
 * /sandbox/, whose headers are the learner's to set and the lesson's to show.
 */
export function compressAnswers(): RequestHandler {
  const compress = compression({
    threshold: 1024,
    filter: (req, res: Response) => !String(res.getHeader('Content-Type') ?? '').startsWith('text/event-stream') && compression.filter(req, res),
  });
  return (req, res, next) => (req.url.startsWith('/sandbox/') ? next() : compress(req, res, next));
}
