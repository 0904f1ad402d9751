import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3BlobStore } from '../../adapters/aws';
import { openWorkerPlatform } from '../../gpu-workers/platform';
import { removeDir, tempDir } from '../platform/helpers/serve';

describe('lvu worker storage selection (LVU_STORAGE)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await tempDir('worker-platform');
  });
  afterAll(async () => removeDir(dir));

  it('defaults to the local data dir', async () => {
    const platform = await openWorkerPlatform({}, dir);
    try {
      expect(platform.storage).toBe('local');
      expect(platform.deps.blobs).not.toBeInstanceOf(S3BlobStore);
    } finally {
      platform.close();
    }
  });

  it('builds the AWS adapters from the environment the CDK app sets', async () => {
    const env = {
      LVU_STORAGE: 'aws',
      AWS_REGION: 'eu-west-1',
      LVU_STAGE: 'dev',
      LVU_BUCKET: 'lvu-dev-artifacts',
      LVU_TABLE: 'lvu-dev-meta',
      LVU_EVENT_BUS: 'lvu-dev',
      LVU_GPU_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/1/gpu',
      LVU_GPU_DLQ_URL: 'https://sqs.eu-west-1.amazonaws.com/1/gpu-dlq',
      LVU_CPU_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/1/cpu',
      LVU_CPU_DLQ_URL: 'https://sqs.eu-west-1.amazonaws.com/1/cpu-dlq',
      LVU_SCRATCH_DIR: dir,
    };
    const platform = await openWorkerPlatform(env, 'unused');
    expect(platform.storage).toBe('aws');
    expect(platform.deps.blobs).toBeInstanceOf(S3BlobStore);
    expect(platform.scratchDir).toBe(dir);
  });

  it.each([
    ['an unknown storage', { LVU_STORAGE: 's3' }, /LVU_STORAGE/],
    ['aws without its variables', { LVU_STORAGE: 'aws', AWS_REGION: 'eu-west-1' }, /LVU_BUCKET/],
  ])('rejects %s with the variable named', async (_name, env, pattern) => {
    await expect(openWorkerPlatform(env, dir)).rejects.toThrow(pattern);
  });
});
