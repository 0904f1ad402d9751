import type { Context, SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { awsPlatform, ensureBucket, ensureMetadataTable, ensureQueuePair, type AwsPlatformOptions } from '../../adapters/aws';
import type { BatchReport } from '../../core/batch/run-batch';
import { registerAnswerModel } from '../../core/jobs/answers';
import type { PlatformDeps } from '../../core/jobs/deps';
import { Keys } from '../../core/jobs/model';
import { TaskSchema } from '../../core/jobs/tasks';
import { VideoRepository } from '../../core/jobs/videos';
import { silentLogger } from '../../core/log';
import type { WorkQueue } from '../../core/ports/work-queue';
import { createScheduleHandler } from '../../functions/schedule/schedule-handler';
import { seedVideo, V1, V2 } from '../batch/helpers';
import { startEmulators, uniqueName, type Emulators } from './emulators';
import { rawDynamo } from './raw-dynamo';

const HOUR_MS = 3_600_000;

async function drain(queue: WorkQueue): Promise<unknown[]> {
  const bodies: unknown[] = [];
  for (;;) {
    const got = await queue.receive({ maxMessages: 10, visibilitySec: 600, waitSec: 0 });
    if (got.length === 0) return bodies;
    for (const m of got) {
      bodies.push(m.body);
      await queue.ack(m.receiptHandle);
    }
  }
}

describe('scheduled batch analysis on the AWS adapters (fauxqs S3+SQS, dynalite DynamoDB)', () => {
  let emu: Emulators;
  let env: Record<string, string>;
  let deps: PlatformDeps;
  let offsetMs = 0;
  const published: unknown[] = [];

  beforeAll(async () => {
    emu = await startEmulators();
    const bucket = uniqueName('lvu');
    const table = uniqueName('meta');
    await ensureBucket(emu.clients.s3, bucket);
    await ensureMetadataTable(rawDynamo(emu), table);
    const [cpu, gpu] = await Promise.all(
      ['cpu', 'gpu'].map((n) => ensureQueuePair(emu.clients.sqs, uniqueName(n), { maxReceiveCount: 3 })),
    );
    env = {
      AWS_REGION: 'us-east-1',
      LVU_STAGE: 'test',
      LVU_BUCKET: bucket,
      LVU_TABLE: table,
      LVU_EVENT_BUS: 'lvu-test',
      LVU_CPU_QUEUE_URL: cpu!.url,
      LVU_CPU_DLQ_URL: cpu!.deadLetterUrl,
      LVU_GPU_QUEUE_URL: gpu!.url,
      LVU_GPU_DLQ_URL: gpu!.deadLetterUrl,
    };
    const events = { send: async (cmd: { input: unknown }) => (published.push(cmd.input), { FailedEntryCount: 0 }) };
    const now = () => new Date(Date.now() + offsetMs);
    deps = awsPlatform(env, { clients: emu.clients, events: events as unknown as AwsPlatformOptions['events'], now }).deps;
  });
  afterAll(async () => emu?.stop());

  it('one schedule run queues answers tasks for stale videos, re-enqueues a stuck job and expires an abandoned upload', async () => {
    // Prepare
    const stale = await seedVideo(deps, 'acme', { seed: 1, answeredBy: V1 });
    await seedVideo(deps, 'acme', { seed: 2, answeredBy: V2 });
    await registerAnswerModel(deps.meta, V2, deps.now());
    const stuck = await seedVideo(deps, 'acme', { status: 'processing', patch: { stage: 'chunks', chunksTotal: 2 } });
    await deps.meta.addToSet(Keys.video(stuck.videoId), Keys.fanIn, Keys.fanInSet, '1');
    const upload = await seedVideo(deps, 'acme', { status: 'awaiting_upload' });
    offsetMs += 25 * HOUR_MS;
    const handler = createScheduleHandler(deps, {}, silentLogger());

    // Act
    const report = await handler({ source: 'lvu.scheduler', task: 'batch' }, { getRemainingTimeInMillis: () => 300_000 });

    // Assess
    expect(report).toMatchObject({ passCompleted: true, counts: { reanswerQueued: 1, requeued: 1, uploadsExpired: 1 } });
    expect(await drain(deps.queues.cpu)).toEqual([{ type: 'answers', videoId: stale.videoId, tenantId: 'acme', model: V2 }]);
    expect(await drain(deps.queues.gpu)).toEqual([{ type: 'chunk', videoId: stuck.videoId, tenantId: 'acme', chunkIndex: 0 }]);
    expect((await new VideoRepository(deps.meta).getById(upload.videoId)).record.error?.code).toBe('UPLOAD_EXPIRED');
    expect(published).toContainEqual(expect.objectContaining({ Entries: [expect.objectContaining({ DetailType: 'VideoFailed' })] }));
  });

  it('resumes from a DynamoDB cursor with a budget of one record per invocation', async () => {
    // Prepare: three more stale videos.
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push((await seedVideo(deps, 'acme', { seed: i, answeredBy: V1 })).videoId);
    const handler = createScheduleHandler(deps, { maxItemsPerRun: 1, pageSize: 1 }, silentLogger());

    // Act
    const reports: BatchReport[] = [];
    for (let i = 0; i < 50 && !reports.at(-1)?.passCompleted; i++) reports.push(await handler({}, {}));

    // Assess
    expect(reports.length).toBeGreaterThan(3);
    expect(reports.every((r) => r.counts.examined <= 1)).toBe(true);
    const tasks = (await drain(deps.queues.cpu)).map((b) => TaskSchema.parse(b));
    expect(tasks.map((t) => t.videoId).sort()).toEqual([...ids].sort());
  });

  it('rejects a malformed scheduler event', async () => {
    const handler = createScheduleHandler(deps, {}, silentLogger());
    await expect(handler({ task: 'reindex' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('the Lambda entry modules parse their environment at cold start and serve', async () => {
    // A missing variable fails the cold start with its name.
    vi.resetModules();
    vi.stubEnv('LVU_BUCKET', '');
    await expect(import('../../functions/schedule/handler')).rejects.toThrow(/LVU_BUCKET/);
    vi.unstubAllEnvs();

    // With the CDK's environment (pointed at the emulators) each entry loads and handles an event.
    const emulated = {
      ...env,
      LVU_STORAGE: 'aws',
      LVU_AWS_ENDPOINT: emu.s3Endpoint,
      LVU_DYNAMO_ENDPOINT: emu.dynamoEndpoint,
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
    };
    for (const [k, v] of Object.entries(emulated)) vi.stubEnv(k, v);
    vi.resetModules();
    try {
      const schedule = await import('../../functions/schedule/handler');
      const report = await schedule.handler({ source: 'lvu.scheduler', task: 'batch' }, { getRemainingTimeInMillis: () => 300_000 });
      expect(report.counts.reanswerFailed).toBe(0);
      const api = await import('../../functions/api/lambda');
      const res = await api.handler(healthEvent() as never, {} as Context);
      expect(res).toMatchObject({ statusCode: 200 });
      const ingest = await import('../../functions/ingest/handler');
      const notification = {
        Records: [
          {
            eventSource: 'aws:s3',
            eventName: 'ObjectCreated:Put',
            s3: { bucket: { name: env['LVU_BUCKET'] }, object: { key: 'videos/v_unknown/source', size: 1, eTag: '"e"' } },
          },
        ],
      };
      const batch = await ingest.handler({ Records: [{ messageId: 'm1', body: JSON.stringify(notification) }] } as SQSEvent);
      expect(batch).toEqual({ batchItemFailures: [] });
    } finally {
      vi.unstubAllEnvs();
    }
  });
});

function healthEvent() {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: '/v1/health',
    rawQueryString: '',
    headers: { host: 'x.execute-api.us-east-1.amazonaws.com' },
    isBase64Encoded: false,
    body: null,
    requestContext: {
      http: { method: 'GET', path: '/v1/health', protocol: 'HTTP/1.1', sourceIp: '203.0.113.1', userAgent: 't' },
      requestId: 'r',
      routeKey: '$default',
      stage: '$default',
      accountId: '1',
      apiId: 'x',
      domainName: 'x',
      domainPrefix: 'x',
      time: '',
      timeEpoch: 0,
    },
  };
}
