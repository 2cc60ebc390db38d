import { z } from 'zod';
import { databaseSnapshotSchema } from './api.js';
import { bilingualSchema } from './lesson.js';
import { serviceConfigSchema } from './services.js';
import { traceSchema } from './trace.js';

/** A share link's own id: 128 random bits, base64url (22 characters), unrelated to the session's. */
export const shareIdSchema = z.string().regex(/^[A-Za-z0-9_-]{22}$/, 'not a share id');

/** `POST /api/sessions/:id/traces/:traceId/share`: the link's id and its path on this server. */
export const shareCreatedSchema = z.object({ shareId: shareIdSchema, path: z.string().startsWith('/share/') });
export type ShareCreated = z.infer<typeof shareCreatedSchema>;

/**
 * `GET /api/shares/:shareId`: one trace, read-only, and what its view needs: the lesson's name and
 * services (for the diagram) and the tables. `follow: 'steps'`: the tables are as they were after
 * the trace's last step, so the panel steps them back; `'shared'`: they are as they were when the
 * link was made (a later request had written, the data was reset, or a check ran on a copy).
 */
export const sharedTraceSchema = z.object({
  shareId: shareIdSchema,
  lesson: z.object({ id: z.string(), title: bilingualSchema, services: z.array(serviceConfigSchema) }),
  trace: traceSchema,
  tables: databaseSnapshotSchema,
  follow: z.enum(['steps', 'shared']),
});
export type SharedTrace = z.infer<typeof sharedTraceSchema>;
