import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openLocalPlatform, type LocalPlatform } from '../../adapters/local/platform';
import type { Principal } from '../../core/jobs/api-keys';
import { PlatformConfigSchema } from '../../core/jobs/deps';
import { getVideo } from '../../core/jobs/views';
import { realStages } from '../../gpu-workers/stages';
import { modelsConfig, VisionModels } from '../../models';
import { lavfiVideo } from '../helpers/lavfi';
import { threeSceneClip } from './helpers/clips';
import { deliverAll, uploadAndIngest } from './helpers/deliver';
import { removeDir, tempDir } from './helpers/serve';

const principal: Principal = { tenantId: 'acme', keyId: 'test' };

let dir: string;
let platform: LocalPlatform;
beforeEach(async () => {
  dir = await tempDir('warm-models');
  platform = await openLocalPlatform({ dataDir: `${dir}/data`, config: PlatformConfigSchema.parse({}), baseUrl: () => 'http://lvu.test' });
});
afterEach(async () => {
  platform.close();
  await removeDir(dir);
});

describe('warm models in a worker process', () => {
  it('one set of vision sessions for every chunk task; dispose releases them, the next task reopens', async () => {
    // Prepare: a worker's stage functions whose model factory is counted; two videos of 3 chunks each.
    const created: VisionModels[] = [];
    const stages = realStages({ vision: () => created[created.push(VisionModels.create(modelsConfig({ intraOpThreads: 1 }))) - 1]! });
    const clip = await threeSceneClip(dir);
    const videos = [await uploadAndIngest(platform, principal, clip, { filename: 'a.mp4', tasks: ['tracks'], options: { chunkSec: 5 } })];
    // Act: probe, then run the three chunk tasks through the same stage functions.
    await deliverAll(platform, platform.deps.queues.cpu, stages);
    const chunkBodies = await deliverAll(platform, platform.deps.queues.gpu, stages);
    await deliverAll(platform, platform.deps.queues.cpu, stages);
    // Assess: one model set, one session per model used, however many tasks ran.
    expect(chunkBodies).toHaveLength(3);
    expect(created).toHaveLength(1);
    const perModel = created[0]!.sessionsOpened;
    expect(perModel).toBeGreaterThanOrEqual(2); // at least the person and object detectors
    expect(perModel).toBeLessThanOrEqual(5); // never more than the five default models
    for (const id of videos) expect(await getVideo(platform.deps, principal, id)).toMatchObject({ status: 'done' });
    // Act: shutdown releases them; a later task opens a fresh set.
    await stages.dispose();
    const short = await lavfiVideo(`${dir}/short.mp4`, 'testsrc=s=320x180:r=25:d=2', { gop: 25 });
    await uploadAndIngest(platform, principal, short, { filename: 'b.mp4', tasks: ['tracks'] });
    await deliverAll(platform, platform.deps.queues.cpu, stages);
    await deliverAll(platform, platform.deps.queues.gpu, stages);
    // Assess
    expect(created).toHaveLength(2);
    await stages.dispose();
  }, 600_000);
});
