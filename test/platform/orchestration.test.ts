import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openLocalPlatform, type LocalPlatform } from '../../adapters/local/platform';
import { PlatformConfigSchema } from '../../core/jobs/deps';
import { ArtifactKeys, Keys } from '../../core/jobs/model';
import type { Principal } from '../../core/jobs/api-keys';
import { getShots, getVideo } from '../../core/jobs/views';
import { deleteVideo } from '../../core/jobs/delete';
import type { WorkQueue } from '../../core/ports/work-queue';
import { realStages } from '../../gpu-workers/stages';
import { executeDelivery } from '../../gpu-workers/task-execution';
import { threeSceneClip } from './helpers/clips';
import { analyzeWithCli, removeDir, tempDir } from './helpers/serve';
import { deliverAll, deliverySettings, noStop, uploadAndIngest } from './helpers/deliver';
import { comparableShots } from './helpers/client';

const principal: Principal = { tenantId: 'acme', keyId: 'test' };

let dir: string;
let platform: LocalPlatform;
let clip: string;
beforeEach(async () => {
  dir = await tempDir('orchestration');
  clip = await threeSceneClip(dir);
  platform = await openLocalPlatform({
    dataDir: `${dir}/data`,
    config: PlatformConfigSchema.parse({ maxAttempts: 3 }),
    baseUrl: () => 'http://lvu.test',
  });
});
afterEach(async () => {
  platform.close();
  await removeDir(dir);
});

/** The clip as a video with 5-s chunks, uploaded and ingested. */
const uploadClip = () => uploadAndIngest(platform, principal, clip, { filename: 'c.mp4', options: { chunkSec: 5 } });
/** Every visible task of `queue`, run once with the real stages. */
const runVisible = (queue: WorkQueue) => deliverAll(platform, queue);

describe('orchestration with at-least-once delivery (real stages, in process)', () => {
  it('a duplicated chunk task yields the same bytes and is counted once; the double merge is harmless', async () => {
    // Prepare: probe, then the three chunk tasks plus a duplicate of chunk 1.
    const videoId = await uploadClip();
    expect(await runVisible(platform.deps.queues.cpu)).toEqual([{ type: 'probe', videoId, tenantId: 'acme' }]);
    await platform.deps.queues.gpu.send({ type: 'chunk', videoId, tenantId: 'acme', chunkIndex: 1 });
    // Act
    const chunkBodies = await runVisible(platform.deps.queues.gpu);
    const chunk1 = Buffer.from(await platform.deps.blobs.get(ArtifactKeys.chunkResult(videoId, 1)));
    const merges = await runVisible(platform.deps.queues.cpu);
    // Assess
    expect(chunkBodies).toHaveLength(4);
    expect((await platform.deps.meta.getSet(Keys.video(videoId), Keys.fanIn, Keys.fanInSet)).sort()).toEqual(['0', '1', '2']);
    expect(merges).toHaveLength(2); // sent after chunk 2 and again after the duplicate; the second is skipped
    expect(Buffer.from(await platform.deps.blobs.get(ArtifactKeys.chunkResult(videoId, 1)))).toEqual(chunk1);
    expect(await getVideo(platform.deps, principal, videoId)).toMatchObject({
      status: 'done',
      progress: { chunksDone: 3, chunksTotal: 3 },
    });
  });

  it('re-running a finished chunk after the fact rewrites identical bytes and leaves the count at 3', async () => {
    const videoId = await uploadClip();
    await runVisible(platform.deps.queues.cpu);
    await runVisible(platform.deps.queues.gpu);
    const before = await Promise.all([0, 1, 2].map((i) => platform.deps.blobs.get(ArtifactKeys.chunkResult(videoId, i))));
    // A late duplicate of every chunk, before merge has run.
    for (const i of [0, 1, 2]) await platform.deps.queues.gpu.send({ type: 'chunk', videoId, tenantId: 'acme', chunkIndex: i });
    await runVisible(platform.deps.queues.gpu);
    const after = await Promise.all([0, 1, 2].map((i) => platform.deps.blobs.get(ArtifactKeys.chunkResult(videoId, i))));
    expect(after.map((b) => Buffer.from(b))).toEqual(before.map((b) => Buffer.from(b)));
    expect(await platform.deps.meta.getSet(Keys.video(videoId), Keys.fanIn, Keys.fanInSet)).toHaveLength(3);
    await runVisible(platform.deps.queues.cpu);
    expect((await getVideo(platform.deps, principal, videoId)).status).toBe('done');
  });

  it('produces the same shots as `lvu analyze` on the same file', async () => {
    const videoId = await uploadClip();
    await runVisible(platform.deps.queues.cpu);
    await runVisible(platform.deps.queues.gpu);
    await runVisible(platform.deps.queues.cpu);
    const cli = await analyzeWithCli(clip, `${dir}/cli`);
    expect(comparableShots(await getShots(platform.deps, principal, videoId))).toEqual(comparableShots(cli));
    expect((cli as { transitions: { startFrame: number }[] }).transitions.map((t) => t.startFrame)).toEqual([125, 250]);
  });
});

describe('a DELETE racing with a running task', () => {
  it('leaves no artifacts behind when the video is deleted while its chunk runs', async () => {
    const videoId = await uploadClip();
    await runVisible(platform.deps.queues.cpu);
    const [message] = await platform.deps.queues.gpu.receive({ visibilitySec: 60 });
    const running = executeDelivery(platform.deps, realStages(), platform.deps.queues.gpu, message!, deliverySettings(platform), noStop);
    await deleteVideo(platform.deps, principal, videoId);
    expect(await running).toBe('acked');
    await runVisible(platform.deps.queues.gpu);
    expect(await platform.deps.blobs.list(ArtifactKeys.prefix(videoId))).toEqual([]);
  });
});
