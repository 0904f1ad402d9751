import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import type { PlatformDeps } from '../core/jobs/deps';
import { platformConfigFromEnv } from '../core/jobs/config';
import { parseOrThrow } from '../core/validate';

/**
 * Where a worker keeps its records, queues and blobs: `local` (a data dir: filesystem +
 * SQLite, the default) or `aws` (S3, SQS, DynamoDB; the CDK app sets `LVU_STORAGE=aws`
 * and the variables of `awsEnvSchema`). `LVU_SCRATCH_DIR` is where remote sources are
 * downloaded for ffmpeg (default: the OS temp dir).
 */
export const WorkerStorageEnvSchema = z.object({
  LVU_STORAGE: z.enum(['local', 'aws']).default('local'),
  LVU_SCRATCH_DIR: z.string().min(1).optional(),
});

/** A worker's platform: the ports, its scratch space, and how to let go of them. */
export interface WorkerPlatform {
  deps: PlatformDeps;
  scratchDir: string;
  storage: 'local' | 'aws';
  close(): void;
}

/**
 * Opens the platform a worker (or `lvu batch`) runs against, chosen by `LVU_STORAGE`.
 * The AWS adapters are loaded only when asked for, so a local worker never loads the SDK.
 *
 * @example
 *   const platform = await openWorkerPlatform(process.env, 'lvu-data');
 */
export async function openWorkerPlatform(env: Record<string, string | undefined>, dataDir: string): Promise<WorkerPlatform> {
  const known = { LVU_STORAGE: env['LVU_STORAGE'] || undefined, LVU_SCRATCH_DIR: env['LVU_SCRATCH_DIR'] || undefined };
  const e = parseOrThrow(WorkerStorageEnvSchema, known, 'worker environment');
  if (e.LVU_STORAGE === 'aws') {
    const { awsPlatformDeps } = await import('../adapters/aws/platform');
    const scratchDir = e.LVU_SCRATCH_DIR ?? path.join(os.tmpdir(), 'lvu-worker');
    return { deps: awsPlatformDeps(env), scratchDir, storage: 'aws', close: () => undefined };
  }
  const { openLocalPlatform } = await import('../adapters/local/platform');
  const local = await openLocalPlatform({ dataDir, config: platformConfigFromEnv(env) });
  return { deps: local.deps, scratchDir: e.LVU_SCRATCH_DIR ?? local.scratchDir, storage: 'local', close: () => local.close() };
}
