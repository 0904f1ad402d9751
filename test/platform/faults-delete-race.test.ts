import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openLocalPlatform, type LocalPlatform } from '../../adapters/local/platform';
import type { Principal } from '../../core/jobs/api-keys';
import { deleteVideo } from '../../core/jobs/delete';
import { PlatformConfigSchema } from '../../core/jobs/deps';
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
