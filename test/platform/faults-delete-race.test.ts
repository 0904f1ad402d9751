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
import { uploadAndIngest } from './helpers/deliver';
import { removeDir, tempDir } from './helpers/serve';

const principal: Principal = { tenantId: 'acme', keyId: 'test' };

let dir: string;
let platform: LocalPlatform;
beforeEach(async () => {
  dir = await tempDir('delete-race');
  platform = await openLocalPlatform({ dataDir: `${dir}/data`, config: PlatformConfigSchema.parse({ maxAttempts: 3 }), baseUrl: () => 'http://lvu.test' });
});
afterEach(async () => {
  platform.close();
  await removeDir(dir);
});

describe('DELETE while chunk tasks run (local platform, real stages)', () => {
  it('leaves nothing of the video but a tombstone without its filename, whatever the workers write late', async () => {
    // Prepare: a real clip in three 5-s chunks. Each chunk takes seconds, with a heartbeat every ~333 ms.
    const clip = await threeSceneClip(dir);
    const videoId = await uploadAndIngest(platform, principal, clip, { filename: 'secret-name.mp4', options: { chunkSec: 5 } });
    // Act
    await deleteWhileChunksRun(platform.deps, realStages(), principal, videoId, platform.scratchDir);
    // Assess: through the ports …
    expectOnlyTombstone(await leftoversOf(platform.deps, principal.tenantId, videoId), principal.tenantId);
    // … and in the whole database: one row names the video, and none its filename.
    const db = new Database(`${dir}/data/lvu.db`, { readonly: true });
    const rows = db.prepare(`SELECT pk, sk FROM items WHERE instr(pk || sk || data, ?) > 0`).all(videoId);
    const named = db.prepare(`SELECT pk, sk FROM items WHERE instr(data, 'secret-name') > 0`).all();
    db.close();
    expect(rows).toEqual([{ pk: `video#${videoId}`, sk: 'owner' }]);
    expect(named).toEqual([]);
    // A repeated DELETE still answers deleted; reads say not found.
    expect(await deleteVideo(platform.deps, principal, videoId)).toEqual({ videoId, status: 'deleted' });
    await expect(getVideo(platform.deps, principal, videoId)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(deleteVideo(platform.deps, { tenantId: 'other', keyId: 'k' }, videoId)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
