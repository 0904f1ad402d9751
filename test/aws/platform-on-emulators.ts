import { awsPlatform, ensureBucket, ensureMetadataTable, ensureQueuePair, type AwsPlatformOptions } from '../../adapters/aws';
import type { PlatformDeps } from '../../core/jobs/deps';
import { uniqueName, type Emulators } from './emulators';
import { rawDynamo } from './raw-dynamo';

/** The platform on the emulators: its deps, the names it was given, and the events it published. */
export interface EmulatedPlatform {
  deps: PlatformDeps;
  bucket: string;
  table: string;
  env: Record<string, string>;
  /** What the platform sent to EventBridge (the emulators have none). */
  published: unknown[];
}

/**
 * Provisions a fresh bucket, metadata table and cpu/gpu queue pairs (each with a DLQ, 3
 * receives) on the emulators and opens the AWS platform on them, as the Lambdas and
 * workers would from their environment. `extraEnv` adds or overrides variables (limits).
 */
export async function platformOnEmulators(emu: Emulators, extraEnv: Record<string, string> = {}): Promise<EmulatedPlatform> {
  const bucket = uniqueName('lvu');
  const table = uniqueName('meta');
  await ensureBucket(emu.clients.s3, bucket);
  await ensureMetadataTable(rawDynamo(emu), table);
  const [cpu, gpu] = await Promise.all(['cpu', 'gpu'].map((n) => ensureQueuePair(emu.clients.sqs, uniqueName(n), { maxReceiveCount: 3 })));
  const env = {
    AWS_REGION: 'us-east-1',
    LVU_STAGE: 'test',
    LVU_BUCKET: bucket,
    LVU_TABLE: table,
    LVU_EVENT_BUS: 'lvu-test',
    LVU_CPU_QUEUE_URL: cpu!.url,
    LVU_CPU_DLQ_URL: cpu!.deadLetterUrl,
    LVU_GPU_QUEUE_URL: gpu!.url,
    LVU_GPU_DLQ_URL: gpu!.deadLetterUrl,
    ...extraEnv,
  };
  const published: unknown[] = [];
  const events = { send: async (cmd: { input: unknown }) => (published.push(cmd.input), { FailedEntryCount: 0 }) };
  const deps = awsPlatform(env, { clients: emu.clients, events: events as unknown as AwsPlatformOptions['events'] }).deps;
  return { deps, bucket, table, env, published };
}
