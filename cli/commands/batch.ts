import { z } from 'zod';
import { batchConfigFromEnv } from '../../core/batch/config';
import { queuedReanswerer } from '../../core/batch/reanswer';
import { runBatch } from '../../core/batch/run-batch';
import { registerAnswerModel } from '../../core/jobs/answers';
import { ModelRefSchema } from '../../core/jobs/tasks';
import { parseOrThrow } from '../../core/validate';
import { openWorkerPlatform } from '../../gpu-workers/platform';
import { parseFlags } from '../args';

export const summary = 'scheduled batch analysis, once: batch [--data DIR] [--max-items N] [--until-done] [--register MODEL@VERSION]';

const BatchOptionsSchema = z.object({
  data: z.string().min(1),
  maxItems: z.coerce.number().int().min(1).max(100_000).optional(),
  untilDone: z.boolean().default(false),
  register: z
    .string()
    .regex(/^[^@]+@[^@]+$/, 'MODEL@VERSION, e.g. object-transformer@2')
    .transform((s) => ModelRefSchema.parse({ name: s.split('@')[0], version: s.split('@')[1] }))
    .optional(),
});

/** Invocations `--until-done` makes at most (a pass that never ends is a bug, not a loop). */
const MAX_INVOCATIONS = 10_000;

/**
 * `lvu batch`: what the `schedule` Lambda does, run by hand on a local data dir (or on AWS
 * with `LVU_STORAGE=aws`): one bounded invocation — re-answer videos whose answers come
 * from an older registered model (as `answers` tasks for the workers, which run the
 * transformer on the stored feature bank), run due saved queries, sweep stuck jobs and
 * abandoned uploads — resuming from the stored cursor. `--until-done` repeats until a whole
 * pass completed; `--register` first registers a model version. Prints the report as JSON.
 */
export async function run(argv: string[]): Promise<number> {
  const { values } = parseFlags(argv, { data: { type: 'string' }, 'max-items': { type: 'string' }, 'until-done': { type: 'boolean' }, register: { type: 'string' } });
  const opts = parseOrThrow(
    BatchOptionsSchema,
    { data: values.data ?? process.env['LVU_DATA_DIR'] ?? 'lvu-data', maxItems: values['max-items'], untilDone: values['until-done'], register: values.register },
    'batch options',
  );
  const config = { ...batchConfigFromEnv(process.env), ...(opts.maxItems ? { maxItemsPerRun: opts.maxItems } : {}) };
  const platform = await openWorkerPlatform(process.env, opts.data);
  const log = (line: string) => process.stderr.write(`${line}\n`);
  try {
    if (opts.register) await registerAnswerModel(platform.deps.meta, opts.register, platform.deps.now());
    for (let i = 0; i < MAX_INVOCATIONS; i++) {
      const report = await runBatch(platform.deps, { reanswer: queuedReanswerer(platform.deps), config, log });
      process.stdout.write(`${JSON.stringify(report)}\n`);
      if (!opts.untilDone || report.passCompleted) break;
    }
    return 0;
  } finally {
    platform.close();
  }
}
