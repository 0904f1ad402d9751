import { z } from 'zod';
import { batchConfigFromEnv } from '../../core/batch/config';
import type { Reanswerer } from '../../core/batch/phase';
import { inlineReanswerer, queuedReanswerer } from '../../core/batch/reanswer';
import { runBatch } from '../../core/batch/run-batch';
import { registerAnswerModel } from '../../core/jobs/answers';
import { ModelRefSchema } from '../../core/jobs/tasks';
import { loggerFromEnv } from '../../core/log';
import { parseOrThrow } from '../../core/validate';
import { transformerAnswerStage } from '../../gpu-workers/answer-stage';
import { openWorkerPlatform, type WorkerPlatform } from '../../gpu-workers/platform';
import { modelsConfig } from '../../models/config';
import { SessionCache } from '../../models/runtime';
import { parseFlags } from '../args';

export const summary =
  'scheduled batch analysis, once: batch [--data DIR] [--max-items N] [--until-done] [--register MODEL@VERSION | --inline]';

const BatchOptionsSchema = z.object({
  data: z.string().min(1),
  maxItems: z.coerce.number().int().min(1).max(100_000).optional(),
  untilDone: z.boolean().default(false),
  inline: z.boolean().default(false),
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
 * pass completed; `--register` first registers a model version; `--inline` runs the
 * transformer in this process instead (registering the version it loads: the shipped model,
 * or `LVU_MODEL_DIR`'s). Prints the report as JSON.
 */
export async function run(argv: string[]): Promise<number> {
  const { values } = parseFlags(argv, {
    data: { type: 'string' },
    'max-items': { type: 'string' },
    'until-done': { type: 'boolean' },
    register: { type: 'string' },
    inline: { type: 'boolean' },
  });
  const opts = parseOrThrow(
    BatchOptionsSchema,
    {
      data: values.data ?? process.env['LVU_DATA_DIR'] ?? 'lvu-data',
      maxItems: values['max-items'],
      untilDone: values['until-done'],
      register: values.register,
      inline: values.inline,
    },
    'batch options',
  );
  const config = { ...batchConfigFromEnv(process.env), ...(opts.maxItems ? { maxItemsPerRun: opts.maxItems } : {}) };
  const platform = await openWorkerPlatform(process.env, opts.data);
  const log = loggerFromEnv(process.env);
  const sessions = new SessionCache(modelsConfig());
  try {
    if (opts.register) await registerAnswerModel(platform.deps.meta, opts.register, platform.deps.now());
    const reanswer = opts.inline ? await inlineAnswers(platform, sessions) : queuedReanswerer(platform.deps);
    for (let i = 0; i < MAX_INVOCATIONS; i++) {
      const report = await runBatch(platform.deps, { reanswer, config, log });
      process.stdout.write(`${JSON.stringify(report)}\n`);
      if (!opts.untilDone || report.passCompleted) break;
    }
    return 0;
  } finally {
    await sessions.dispose();
    platform.close();
  }
}

/** The transformer in this process; its version becomes the registered one. */
async function inlineAnswers(platform: WorkerPlatform, sessions: SessionCache): Promise<Reanswerer> {
  const stage = transformerAnswerStage({ sessions });
  await registerAnswerModel(platform.deps.meta, stage.model, platform.deps.now());
  return inlineReanswerer(platform.deps, stage.answer);
}
