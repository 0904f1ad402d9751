import { z } from 'zod';
import { loggerFromEnv } from '../../core/log';
import { parseOrThrow } from '../../core/validate';
import { workerEnv } from '../../gpu-workers/config';
import { openWorkerPlatform } from '../../gpu-workers/platform';
import { realStages } from '../../gpu-workers/stages';
import { stopWithSupervisor, Worker, type QueueName } from '../../gpu-workers/worker';
import { parseFlags } from '../args';

export const summary = 'run a task worker: worker --queue gpu|cpu|all [--data DIR] (LVU_STORAGE=aws: S3/SQS/DynamoDB from the environment)';

const WorkerOptionsSchema = z.object({
  queue: z.enum(['gpu', 'cpu', 'all']).default('all'),
  data: z.string().min(1),
});

/**
 * `lvu worker --queue gpu|cpu|all --data DIR`: takes tasks from the data dir's queues until
 * SIGTERM/SIGINT (first signal: drain — finish or release the running task; second: release
 * now). Several workers may share one data dir. With `LVU_STORAGE=aws` (set by the CDK app)
 * the same loop runs on S3, SQS and DynamoDB, configured by the environment; `--data` is
 * then unused.
 */
export async function run(argv: string[]): Promise<number> {
  const { values } = parseFlags(argv, { queue: { type: 'string' }, data: { type: 'string' } });
  const opts = parseOrThrow(
    WorkerOptionsSchema,
    { queue: values.queue, data: values.data ?? process.env['LVU_DATA_DIR'] ?? 'lvu-data' },
    'worker options',
  );
  const env = workerEnv(process.env);
  const platform = await openWorkerPlatform(process.env, opts.data);
  const queues: QueueName[] = opts.queue === 'all' ? ['cpu', 'gpu'] : [opts.queue];
  const log = loggerFromEnv(process.env, { pid: process.pid });
  // A first-use model conversion notice is a log line like any other.
  const stages = realStages({ notice: (line) => log.info(line) });
  const worker = new Worker({
    deps: platform.deps,
    stages,
    queues,
    visibilitySec: env.LVU_VISIBILITY_SEC,
    waitSec: env.LVU_WAIT_SEC,
    drainSec: env.LVU_DRAIN_SEC,
    retryBackoffSec: env.LVU_RETRY_BACKOFF_SEC,
    deadLetterEverySec: env.LVU_DEAD_LETTER_EVERY_SEC,
    scratchDir: platform.scratchDir,
    log,
  });
  stopWithSupervisor(worker);
  let signals = 0;
  const onSignal = () => worker.stop(++signals === 1 ? 'drain' : 'now');
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  try {
    await worker.run();
    return 0;
  } finally {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
    await stages.dispose();
    platform.close();
  }
}
