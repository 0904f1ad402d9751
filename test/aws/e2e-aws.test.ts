import { stat, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqsIngestHandler } from '../../adapters/aws';
import type { CreateVideoResponse, VideoView } from '../../core/api/contracts';
import { createApiKey } from '../../core/jobs/api-keys';
import type { PlatformDeps } from '../../core/jobs/deps';
import { silentLogger } from '../../core/log';
import { createApiApp } from '../../functions/api/app';
import { handleObjectCreated } from '../../functions/ingest/object-created';
import { realStages } from '../../gpu-workers/stages';
import { Worker } from '../../gpu-workers/worker';
import { threeSceneClip } from '../platform/helpers/clips';
import { removeDir, tempDir } from '../platform/helpers/serve';
import { startEmulators, type Emulators } from './emulators';
import { platformOnEmulators } from './platform-on-emulators';

/** An S3 ObjectCreated notification as SQS delivers it to the ingest Lambda (fauxqs sends none). */
function s3EventMessage(messageId: string, bucket: string, key: string, size: number, eTag: string): SQSEvent['Records'][number] {
  const notification = {
    Records: [{ eventSource: 'aws:s3', eventName: 'ObjectCreated:Put', s3: { bucket: { name: bucket }, object: { key, size, eTag } } }],
  };
  return { messageId, body: JSON.stringify(notification) } as SQSEvent['Records'][number];
}

describe('platform end to end on the AWS adapters (fauxqs S3+SQS, dynalite DynamoDB)', () => {
  let emu: Emulators;
  let deps: PlatformDeps;
  let bucket: string;
  let dir: string;
  let clip: string;
  let published: unknown[] = [];
  let call: <T>(method: string, route: string, body?: unknown) => Promise<{ status: number; body: T }>;

  beforeAll(async () => {
    emu = await startEmulators();
    ({ deps, bucket, published } = await platformOnEmulators(emu));
    const app = createApiApp({ deps, log: silentLogger() });
    const { apiKey } = await createApiKey(deps.meta, 'acme', new Date());
    call = async (method, route, body) => {
      const res = await app.request(`http://lvu.test/v1${route}`, {
        method,
        headers: { authorization: `Bearer ${apiKey}`, ...(body ? { 'content-type': 'application/json' } : {}) },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      return { status: res.status, body: (await res.json()) as never };
    };
    dir = await tempDir('aws-e2e');
    clip = await threeSceneClip(dir);
  });
  afterAll(async () => {
    await emu?.stop();
    if (dir) await removeDir(dir);
  });

  /** Declares an upload through the API and PUTs the clip to the presigned S3 URL. */
  async function upload(): Promise<CreateVideoResponse> {
    const bytes = (await stat(clip)).size;
    const created = await call<CreateVideoResponse>('POST', '/videos', {
      filename: 'clip.mp4',
      bytes,
      contentType: 'video/mp4',
      options: { chunkSec: 5 },
    });
    expect(created.status).toBe(201);
    if (created.body.upload.mode !== 'single') throw new Error('expected a single-PUT upload');
    const put = await fetch(created.body.upload.url, { method: 'PUT', headers: created.body.upload.headers, body: await readFile(clip) });
    expect(put.status).toBe(200);
    return created.body;
  }

  async function ingestEvent(videoId: string, messageId = 'm1'): Promise<SQSEvent> {
    const key = `videos/${videoId}/source`;
    const info = await deps.blobs.head(key);
    return { Records: [s3EventMessage(messageId, bucket, key, info!.bytes, `"${info!.etag}"`)] };
  }

  it('uploads through a presigned URL, ingests the S3 event, runs chunk tasks on a worker and reaches done', async () => {
    // Prepare
    const created = await upload();
    const ingest = sqsIngestHandler(deps.meta, (e) => handleObjectCreated(deps, e));
    // Act: S3 event → ingest Lambda handler → probe task; a worker drains both queues.
    const response = await ingest(await ingestEvent(created.videoId));
    const worker = new Worker({
      deps,
      stages: realStages(),
      queues: ['cpu', 'gpu'],
      visibilitySec: 60,
      waitSec: 1,
      drainSec: 5,
      retryBackoffSec: 1,
      deadLetterEverySec: 2,
      scratchDir: path.join(dir, 'scratch'),
      log: silentLogger(),
    });
    const running = worker.run();
    let video: VideoView | undefined;
    for (let i = 0; i < 240 && !['done', 'failed'].includes(video?.status ?? ''); i += 1) {
      await new Promise((r) => setTimeout(r, 500));
      video = (await call<VideoView>('GET', `/videos/${created.videoId}`)).body;
    }
    worker.stop('drain');
    await running;
    // Assess
    expect(response.batchItemFailures).toEqual([]);
    expect(video).toMatchObject({ status: 'done', progress: { chunksTotal: 3, chunksDone: 3 } });
    const shots = await call<{ shots: unknown[] }>('GET', `/videos/${created.videoId}/shots`);
    expect(shots.status).toBe(200);
    expect(shots.body.shots).toHaveLength(3);
    expect(published).toContainEqual({
      Entries: [expect.objectContaining({ Source: 'lvu', DetailType: 'VideoAnalyzed', EventBusName: 'lvu-test' })],
    });
  });

  it('ingests a redelivered S3 event once (key + ETag), and fails only the bad record of a batch', async () => {
    // Prepare
    const created = await upload();
    let useCaseRuns = 0;
    const ingest = sqsIngestHandler(deps.meta, (e) => ((useCaseRuns += 1), handleObjectCreated(deps, e)));
    const good = await ingestEvent(created.videoId, 'good');
    const bad = { messageId: 'bad', body: '{"Records":[{"eventSource":"aws:s3"}]}' } as SQSEvent['Records'][number];
    // Act
    const first = await ingest({ Records: [...good.Records, bad] });
    const replay = await ingest(good);
    // Assess
    expect(first.batchItemFailures).toEqual([{ itemIdentifier: 'bad' }]);
    expect(replay.batchItemFailures).toEqual([]);
    expect(useCaseRuns).toBe(1);
    const tasks = await deps.queues.cpu.receive({ maxMessages: 10, visibilitySec: 30, waitSec: 1 });
    expect(tasks.map((t) => t.body)).toEqual([expect.objectContaining({ type: 'probe', videoId: created.videoId })]);
  });
});
