import { z } from 'zod';

/** An outside service a lesson simulates. Latency is simulated: it is shown, not waited for. */
export const serviceConfigSchema = z.object({
  name: z.string().regex(/^[a-z][a-zA-Z0-9_-]*$/, 'a service name is lower-case letters, digits, - or _'),
  kind: z.enum(['payment', 'maps']),
  label: z.string().optional(),
  /** Simulated round-trip time of one call. @default 120 */
  latencyMs: z.number().int().nonnegative().default(120),
  /** Share of calls that fail at random (0..1); declines by test card are always deterministic. @default 0 */
  failureRate: z.number().min(0).max(1).default(0),
});
export type ServiceConfig = z.infer<typeof serviceConfigSchema>;
