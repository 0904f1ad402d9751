import { z } from 'zod';
import { parseOrThrow } from '../validate';

const int = z.coerce.number().int();

/**
 * Limits of the scheduled batch analysis. Defaults suit a run every 15 minutes on a
 * Lambda with a 5-minute timeout; every value can be set by environment variable.
 */
export const BatchConfigSchema = z.object({
  /** Records examined per invocation, over all phases (bounded work; the cursor resumes). */
  maxItemsPerRun: z.number().int().min(1).max(100_000).default(500),
  /** Records read per page; the deadline is checked between pages. */
  pageSize: z.number().int().min(1).max(1000).default(25),
  /**
   * A job with no record change and no worker heartbeat for this long is stuck. Generous
   * (2 h) because a task may wait in a long backlog while GPU workers scale from zero.
   */
  stuckAfterSec: z
    .number()
    .int()
    .min(60)
    .default(2 * 3600),
  /** Re-enqueues of a stuck job before it is failed with JOB_STUCK. */
  maxRequeues: z.number().int().min(0).max(10).default(2),
  /** A declared upload whose bytes never landed is expired after this long (1 day). */
  abandonedUploadSec: z
    .number()
    .int()
    .min(60)
    .default(24 * 3600),
  /** Videos per saved-query run (results are stored on one record). */
  maxQueryVideos: z.number().int().min(1).max(1000).default(200),
});
export type BatchConfig = z.infer<typeof BatchConfigSchema>;

const BatchEnvSchema = z.object({
  LVU_BATCH_MAX_ITEMS: int.positive().optional(),
  LVU_BATCH_PAGE_SIZE: int.positive().optional(),
  LVU_STUCK_AFTER_SEC: int.positive().optional(),
  LVU_MAX_REQUEUES: int.nonnegative().optional(),
  LVU_ABANDONED_UPLOAD_SEC: int.positive().optional(),
  LVU_MAX_QUERY_VIDEOS: int.positive().optional(),
});

/**
 * Reads the batch limits from `LVU_BATCH_MAX_ITEMS`, `LVU_BATCH_PAGE_SIZE`,
 * `LVU_STUCK_AFTER_SEC`, `LVU_MAX_REQUEUES`, `LVU_ABANDONED_UPLOAD_SEC` and
 * `LVU_MAX_QUERY_VIDEOS` (all optional), validated with zod once at start-up.
 */
export function batchConfigFromEnv(env: Record<string, string | undefined>): BatchConfig {
  const known = Object.fromEntries(Object.keys(BatchEnvSchema.shape).map((k) => [k, env[k] === '' ? undefined : env[k]]));
  const e = parseOrThrow(BatchEnvSchema, known, 'batch environment');
  return parseOrThrow(
    BatchConfigSchema,
    {
      maxItemsPerRun: e.LVU_BATCH_MAX_ITEMS,
      pageSize: e.LVU_BATCH_PAGE_SIZE,
      stuckAfterSec: e.LVU_STUCK_AFTER_SEC,
      maxRequeues: e.LVU_MAX_REQUEUES,
      abandonedUploadSec: e.LVU_ABANDONED_UPLOAD_SEC,
      maxQueryVideos: e.LVU_MAX_QUERY_VIDEOS,
    },
    'batch config',
  );
}
