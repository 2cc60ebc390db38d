import { randomUUID } from 'node:crypto';
import type { SessionImage } from '../worker/protocol.js';
import type { WorkerPool } from '../worker/worker-pool.js';

/**
 * Runs `work` in a sandbox session of its own, opened from `image` and closed afterwards whatever
 * happens: a check, a load probe or the solution's run never touches a learner's session.
 */
export async function inTemporarySession<T>(pool: WorkerPool, prefix: 'check' | 'probe' | 'solution', image: SessionImage, work: (sessionId: string) => Promise<T>): Promise<T> {
  const sessionId = `${prefix}-${randomUUID()}`;
  pool.open(sessionId, image);
  try {
    return await work(sessionId);
  } finally {
    pool.close(sessionId);
  }
}
