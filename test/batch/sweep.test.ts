import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { queuedReanswerer } from '../../core/batch/reanswer';
import { runBatch } from '../../core/batch/run-batch';
import { recordHeartbeat } from '../../core/jobs/activity';
import { ArtifactKeys, Keys } from '../../core/jobs/model';
import { VideoRepository } from '../../core/jobs/videos';
import type { WorkQueue } from '../../core/ports/work-queue';
import { handleObjectCreated } from '../../functions/ingest/object-created';
import { drainIngest } from '../platform/helpers/deliver';
import { inProcessApi, type InProcessApi } from '../platform/helpers/in-process';
import { seedVideo } from './helpers';

const HOUR = 3600;
let api: InProcessApi;
beforeEach(async () => {
  api = await inProcessApi({ multipartThresholdBytes: 10 * 1024 * 1024, partBytes: 5 * 1024 * 1024 });
});
afterEach(async () => api.close());

const batch = () =>
  runBatch(api.platform.deps, {
    reanswer: queuedReanswerer(api.platform.deps),
    config: { stuckAfterSec: 2 * HOUR, maxRequeues: 2, abandonedUploadSec: 24 * HOUR },
  });

async function drain(queue: WorkQueue): Promise<unknown[]> {
  const bodies: unknown[] = [];
  for (;;) {
    const got = await queue.receive({ maxMessages: 10, visibilitySec: 600 });
    if (got.length === 0) return bodies;
    for (const m of got) {
      bodies.push(m.body);
      await queue.ack(m.receiptHandle);
    }
  }
}

/** A video stuck in the chunk stage: 3 chunks planned, chunk 0 counted in the fan-in set. */
async function stuckInChunks(): Promise<string> {
  const deps = api.platform.deps;
  const record = await seedVideo(deps, 'tenant-a', { status: 'processing', patch: { stage: 'chunks', chunksTotal: 3 } });
  await deps.meta.addToSet(Keys.video(record.videoId), Keys.fanIn, Keys.fanInSet, '0');
  return record.videoId;
}

describe('batch: sweeping stuck jobs', () => {
  it('re-enqueues the missing chunks of a job with no heartbeat past the deadline, then fails it after max re-enqueues', async () => {
    // Prepare
    const videoId = await stuckInChunks();
    const deps = api.platform.deps;
    const repo = new VideoRepository(deps.meta);

    // Act + assess: within the deadline nothing happens.
    api.clock.advance(HOUR);
    expect((await batch()).counts.requeued).toBe(0);

    // Past the deadline: chunks 1 and 2 go back to the GPU queue.
    api.clock.advance(2 * HOUR);
    expect((await batch()).counts.requeued).toBe(1);
    expect(await drain(deps.queues.gpu)).toEqual(
      [1, 2].map((chunkIndex) => ({ type: 'chunk', videoId, tenantId: 'tenant-a', chunkIndex })),
    );

    // The re-enqueue counts as activity: the next sweep waits the deadline again.
    expect((await batch()).counts.requeued).toBe(0);
    api.clock.advance(3 * HOUR);
    expect((await batch()).counts.requeued).toBe(1);
    api.clock.advance(3 * HOUR);
    const last = await batch();

    expect(last.counts.stuckFailed).toBe(1);
    const { record } = await repo.getById(videoId);
    expect(record).toMatchObject({ status: 'failed', error: { code: 'JOB_STUCK', stage: 'chunks' } });
    expect(await deps.meta.get(Keys.activeJobs, videoId)).toBeUndefined();
  });

  it('leaves a job alone while its worker heartbeats', async () => {
    const videoId = await stuckInChunks();
    const deps = api.platform.deps;
    api.clock.advance(3 * HOUR);
    await recordHeartbeat(deps.meta, { type: 'chunk', videoId, tenantId: 'tenant-a', chunkIndex: 1 }, deps.now());

    const report = await batch();

    expect(report.counts).toMatchObject({ requeued: 0, stuckFailed: 0 });
    expect(await drain(deps.queues.gpu)).toEqual([]);
  });

  it('re-enqueues the probe of a queued job and the merge of a job whose chunks are all counted', async () => {
    const deps = api.platform.deps;
    const queued = await seedVideo(deps, 'tenant-a', { status: 'queued', patch: { stage: 'probe' } });
    const merging = await seedVideo(deps, 'tenant-b', { status: 'processing', patch: { stage: 'chunks', chunksTotal: 1 } });
    await deps.meta.addToSet(Keys.video(merging.videoId), Keys.fanIn, Keys.fanInSet, '0');
    api.clock.advance(3 * HOUR);

    await batch();

    expect(await drain(deps.queues.cpu)).toEqual(
      expect.arrayContaining([
        { type: 'probe', videoId: queued.videoId, tenantId: 'tenant-a' },
        { type: 'merge', videoId: merging.videoId, tenantId: 'tenant-b' },
      ]),
    );
  });
});

describe('batch: expiring abandoned uploads', () => {
  it('fails a declared multipart upload whose bytes never came, aborting the upload', async () => {
    // Prepare: a multipart upload is declared, one part is sent, then nothing for a day.
    const created = await api.call('POST', '/videos', { body: { filename: 'big.mp4', bytes: 12 * 1024 * 1024, contentType: 'video/mp4' } });
    expect(created.body.upload.mode).toBe('multipart');
    const single = await api.call('POST', '/videos', { body: { filename: 'small.mp4', bytes: 100, contentType: 'video/mp4' } });
    api.clock.advance(23 * HOUR);
    expect((await batch()).counts.uploadsExpired).toBe(0);

    // Act
    const abort = vi.spyOn(api.platform.deps.presigner, 'abortMultipartUpload');
    api.clock.advance(2 * HOUR);
    const report = await batch();

    // Assess
    expect(report.counts.uploadsExpired).toBe(2);
    for (const id of [created.body.videoId, single.body.videoId]) {
      const view = await api.call('GET', `/videos/${id}`);
      expect(view.body).toMatchObject({ status: 'failed', error: { code: 'UPLOAD_EXPIRED', stage: 'upload' } });
    }
    expect(abort).toHaveBeenCalledWith(`videos/${created.body.videoId}/source`, created.body.upload.uploadId);
    expect(abort).toHaveBeenCalledTimes(1);
  });

  it('leaves alone an upload that landed after the sweep read its record: bytes kept, job queued', async () => {
    // Prepare: a single-PUT upload whose bytes land, but whose ingest runs only after the
    // sweep has read the (then still awaiting_upload) record past its window.
    const created = await api.call('POST', '/videos', { body: { filename: 'late.mp4', bytes: 100, contentType: 'video/mp4' } });
    const { videoId } = created.body;
    const put = await api.app.request(created.body.upload.url, {
      method: 'PUT',
      headers: { 'content-type': 'video/mp4' },
      body: new Uint8Array(100).fill(7),
    });
    expect(put.status).toBe(200);
    api.clock.advance(25 * HOUR);
    const read = VideoRepository.prototype.getForTenant;
    const spy = vi.spyOn(VideoRepository.prototype, 'getForTenant').mockImplementationOnce(async function (
      this: VideoRepository,
      tenantId,
      id,
    ) {
      const stale = await read.call(this, tenantId, id);
      expect(stale?.record.status).toBe('awaiting_upload');
      expect(await drainIngest(api.platform)).toEqual(['started']);
      return stale;
    });

    // Act
    const report = await batch();

    // Assess
    expect(spy).toHaveBeenCalled();
    expect(report.counts.uploadsExpired).toBe(0);
    expect((await api.call('GET', `/videos/${videoId}`)).body.status).toBe('queued');
    expect(Buffer.from(await api.platform.deps.blobs.get(ArtifactKeys.source(videoId)))).toEqual(Buffer.alloc(100, 7));
  });

  it('removes bytes that land after their upload was expired', async () => {
    const created = await api.call('POST', '/videos', { body: { filename: 'later.mp4', bytes: 100, contentType: 'video/mp4' } });
    const { videoId } = created.body;
    api.clock.advance(25 * HOUR);
    expect((await batch()).counts.uploadsExpired).toBe(1);
    // A PUT S3 could not refuse: the bytes land beside the failed video.
    await api.platform.deps.blobs.put(ArtifactKeys.source(videoId), new Uint8Array(100));
    expect(await handleObjectCreated(api.platform.deps, { type: 'ObjectCreated', key: ArtifactKeys.source(videoId), bytes: 100 })).toBe(
      'ignored',
    );
    expect(await api.platform.deps.blobs.list(ArtifactKeys.prefix(videoId))).toEqual([]);
    expect((await api.call('GET', `/videos/${videoId}`)).body).toMatchObject({ status: 'failed', error: { code: 'UPLOAD_EXPIRED' } });
  });

  it('finishes, on the next run, the clean-up of an expiry that crashed after failing the video', async () => {
    // Prepare: a multipart upload with one part sent, then nothing for a day; the first run
    // fails the video and dies while aborting the upload (a crashed or killed batch).
    const deps = api.platform.deps;
    const created = await api.call('POST', '/videos', { body: { filename: 'big.mp4', bytes: 12 * 1024 * 1024, contentType: 'video/mp4' } });
    const { videoId, upload } = created.body;
    const part = await api.app.request(upload.parts[0].url, { method: 'PUT', body: new Uint8Array(upload.partBytes).fill(3) });
    expect(part.status).toBe(200);
    const partBlobs = async () => (await deps.blobs.list('multipart/')).filter((k) => k.includes(upload.uploadId));
    const sent = await partBlobs();
    expect(sent.length).toBeGreaterThan(0);
    api.clock.advance(25 * HOUR);
    const abort = vi.spyOn(deps.presigner, 'abortMultipartUpload').mockRejectedValueOnce(new Error('killed mid-sweep'));
    await expect(batch()).rejects.toThrow('killed mid-sweep');
    expect((await api.call('GET', `/videos/${videoId}`)).body).toMatchObject({ status: 'failed', error: { code: 'UPLOAD_EXPIRED' } });
    expect(await partBlobs()).toEqual(sent);

    // Act: the next scheduled run.
    const report = await batch();

    // Assess: the part is gone, the index entry too, and the video stays failed.
    expect(abort).toHaveBeenCalledTimes(2);
    expect(await partBlobs()).toEqual([]);
    expect(report.counts).toMatchObject({ uploadsExpired: 0, staleIndexEntries: 1 });
    expect(await deps.meta.get(Keys.activeJobs, videoId)).toBeUndefined();
    expect((await api.call('GET', `/videos/${videoId}`)).body).toMatchObject({ status: 'failed', error: { code: 'UPLOAD_EXPIRED' } });
    expect((await batch()).counts).toMatchObject({ uploadsExpired: 0, staleIndexEntries: 0 });
  });

  it('keeps an upload that is still within its window', async () => {
    await api.call('POST', '/videos', { body: { filename: 'a.mp4', bytes: 100, contentType: 'video/mp4' } });
    api.clock.advance(HOUR);
    const report = await batch();
    expect(report.counts).toMatchObject({ uploadsExpired: 0, staleIndexEntries: 0 });
  });
});
