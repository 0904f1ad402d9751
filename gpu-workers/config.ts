import { z } from 'zod';
import { parseOrThrow } from '../core/validate';

/**
 * Worker settings from the environment (all optional), validated once at start-up:
 * `LVU_VISIBILITY_SEC` (task lease, heartbeated at a third of it), `LVU_WAIT_SEC` (long
 * poll), `LVU_DRAIN_SEC` (SIGTERM grace), `LVU_RETRY_BACKOFF_SEC` (first retry pause,
 * doubling), `LVU_DEAD_LETTER_EVERY_SEC`.
 */
export const WorkerEnvSchema = z.object({
  LVU_VISIBILITY_SEC: z.coerce.number().int().min(1).max(43_200).default(60),
  LVU_WAIT_SEC: z.coerce.number().int().min(0).max(20).default(2),
  LVU_DRAIN_SEC: z.coerce.number().min(0).max(3600).default(30),
  LVU_RETRY_BACKOFF_SEC: z.coerce.number().int().min(0).max(600).default(2),
  LVU_DEAD_LETTER_EVERY_SEC: z.coerce.number().min(0.1).max(3600).default(2),
});
export type WorkerEnv = z.infer<typeof WorkerEnvSchema>;

/** Parses the worker's environment; unrelated variables are ignored. */
export function workerEnv(env: Record<string, string | undefined>): WorkerEnv {
  const known = Object.keys(WorkerEnvSchema.shape);
  return parseOrThrow(WorkerEnvSchema, Object.fromEntries(known.map((k) => [k, env[k] === '' ? undefined : env[k]])), 'worker environment');
}
