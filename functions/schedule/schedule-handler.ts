import { z } from 'zod';
import type { BatchConfig } from '../../core/batch/config';
import { queuedReanswerer } from '../../core/batch/reanswer';
import { runBatch, type BatchReport } from '../../core/batch/run-batch';
import type { PlatformDeps } from '../../core/jobs/deps';
import { createLogger, type Logger } from '../../core/log';
import { parseOrThrow } from '../../core/validate';

/** Time kept back from the Lambda timeout for writing the cursor and returning. */
const SAFETY_MARGIN_MS = 20_000;

/** The EventBridge Scheduler input (`infra/stacks/schedule-stack.ts`): `{source, task: 'batch'}`. */
export const ScheduleEventSchema = z.object({
  source: z.string().optional(),
  task: z.literal('batch').default('batch'),
});

/** The part of the Lambda context the handler uses. */
export interface ScheduleContext {
  getRemainingTimeInMillis?: () => number;
}

/**
 * The `schedule` Lambda's logic, free of AWS wiring: parse the event with zod, run one
 * bounded batch invocation (re-answering is queued as `answers` tasks for the CPU workers,
 * which carry the ONNX runtime; this function does not), log and return the report. Stops
 * starting pages `SAFETY_MARGIN_MS` before the Lambda would time out; the cursor resumes.
 *
 * @example
 *   export const handler = createScheduleHandler(awsPlatformDeps(process.env), batchConfigFromEnv(process.env));
 */
export function createScheduleHandler(
  deps: PlatformDeps,
  config: Partial<BatchConfig>,
  log: Logger = createLogger(),
): (event: unknown, context?: ScheduleContext) => Promise<BatchReport> {
  return async (event, context) => {
    parseOrThrow(ScheduleEventSchema, event ?? {}, 'schedule event');
    const remaining = context?.getRemainingTimeInMillis?.();
    const deadlineMs = remaining === undefined ? undefined : deps.now().getTime() + remaining - SAFETY_MARGIN_MS;
    const report = await runBatch(deps, {
      reanswer: queuedReanswerer(deps),
      config,
      ...(deadlineMs !== undefined ? { deadlineMs } : {}),
      log,
    });
    log.info('batch run', { ...report });
    return report;
  };
}
