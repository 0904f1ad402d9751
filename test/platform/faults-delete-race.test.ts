import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openLocalPlatform, type LocalPlatform } from '../../adapters/local/platform';
import { EXPIRY_SWEEP_INTERVAL_MS } from '../../adapters/local/sqlite-metadata-store';
import type { Principal } from '../../core/jobs/api-keys';
import { deleteVideo, TOMBSTONE_TTL_SEC } from '../../core/jobs/delete';
import { PlatformConfigSchema } from '../../core/jobs/deps';
import { createVideo } from '../../core/jobs/uploads';
import { getVideo } from '../../core/jobs/views';
import { realStages } from '../../gpu-workers/stages';
import { threeSceneClip } from './helpers/clips';
import { deleteWhileChunksRun, expectOnlyTombstone, leftoversOf } from './helpers/delete-race';
import { deliverAll, uploadAndIngest } from './helpers/deliver';
import { removeDir, tempDir } from './helpers/serve';

const principal: Principal = { tenantId: 'acme', keyId: 'test' };

/** Rows of the whole database that name `text` (in a key or in the data). */
function rowsNaming(text: string): { pk: string; sk: string }[] {
  const db = new Database(`${dir}/data/lvu.db`, { readonly: true });
  try {
    return db.prepare(`SELECT pk, sk FROM items WHERE instr(pk || sk || data, ?) > 0`).all(text) as { pk: string; sk: string }[];
  } finally {
    db.close();
  }
}

let dir: string;
let platform: LocalPlatform;
beforeEach(async () => {
  dir = await tempDir('delete-race');
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

describe('DELETE on the local platform (real stages)', () => {
  it('while chunk tasks run leaves nothing of the video but a tombstone without its filename, whatever the workers write late', async () => {
    // Prepare: a real clip in three 5-s chunks. Each chunk takes seconds, with a heartbeat every ~333 ms.
    const clip = await threeSceneClip(dir);
    const videoId = await uploadAndIngest(platform, principal, clip, { filename: 'secret-name.mp4', options: { chunkSec: 5 } });
    // Act
    await deleteWhileChunksRun(platform.deps, realStages(), principal, videoId, platform.scratchDir);
    // Assess: through the ports …
    expectOnlyTombstone(await leftoversOf(platform.deps, principal.tenantId, videoId), principal.tenantId);
    // … and in the whole database: one row names the video, and none its filename.
    expect(rowsNaming(videoId)).toEqual([{ pk: `video#${videoId}`, sk: 'owner' }]);
    expect(rowsNaming('secret-name')).toEqual([]);
    // A repeated DELETE still answers deleted; reads say not found.
    expect(await deleteVideo(platform.deps, principal, videoId)).toEqual({ videoId, status: 'deleted' });
    await expect(getVideo(platform.deps, principal, videoId)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(deleteVideo(platform.deps, { tenantId: 'other', keyId: 'k' }, videoId)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('of a finished video also drops its events from the local event log', async () => {
    // Prepare: a video analysed to the end (VideoAnalyzed is in the log).
    const clip = await threeSceneClip(dir);
    const videoId = await uploadAndIngest(platform, principal, clip, { filename: 'secret-name.mp4', options: { chunkSec: 5 } });
    for (const queue of [platform.deps.queues.cpu, platform.deps.queues.gpu, platform.deps.queues.cpu]) await deliverAll(platform, queue);
    expect((await getVideo(platform.deps, principal, videoId)).status).toBe('done');
    expect(rowsNaming(videoId)).toContainEqual({ pk: 'events', sk: `event#VideoAnalyzed:${videoId}` });
    // Act
    await deleteVideo(platform.deps, principal, videoId);
    // Assess
    expectOnlyTombstone(await leftoversOf(platform.deps, principal.tenantId, videoId), principal.tenantId);
    expect(rowsNaming(videoId)).toEqual([{ pk: `video#${videoId}`, sk: 'owner' }]);
  });
});

describe('DELETE on the local platform: the tombstone expires', () => {
  it('after TOMBSTONE_TTL_SEC, as on DynamoDB: a later write leaves no row naming the video', async () => {
    // Prepare: a platform on its own clock, a video created and deleted.
    platform.close();
    const clock = { t: Date.UTC(2026, 0, 1) };
    platform = await openLocalPlatform({
      dataDir: `${dir}/data`,
      config: PlatformConfigSchema.parse({ maxAttempts: 3 }),
      baseUrl: () => 'http://lvu.test',
      now: () => new Date(clock.t),
    });
    const request = { filename: 'secret-name.mp4', bytes: 1000, contentType: 'video/mp4' };
    const { videoId } = await createVideo(platform.deps, principal, request);
    expect(await deleteVideo(platform.deps, principal, videoId)).toEqual({ videoId, status: 'deleted' });
    // Act: a write just before the tombstone's expiry, then one a sweep interval later.
    clock.t += TOMBSTONE_TTL_SEC * 1000 - 1000;
    const second = await createVideo(platform.deps, principal, { ...request, filename: 'b.mp4' });
    const before = rowsNaming(videoId);
    clock.t += EXPIRY_SWEEP_INTERVAL_MS; // the store sweeps on a write at most this often
    await createVideo(platform.deps, principal, { ...request, filename: 'c.mp4' });
    // Assess: the tombstone stayed while it was due, and is gone after; other records stay.
    expect(before).toEqual([{ pk: `video#${videoId}`, sk: 'owner' }]);
    expect(rowsNaming(videoId)).toEqual([]);
    await expect(getVideo(platform.deps, principal, videoId)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await getVideo(platform.deps, principal, second.videoId)).videoId).toBe(second.videoId);
  });
});
