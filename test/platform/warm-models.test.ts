import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LocalPlatform } from '../../adapters/local/platform';
import type { Principal } from '../../core/jobs/api-keys';
import { getVideo } from '../../core/jobs/views';
import { ArtifactKeys } from '../../core/jobs/model';
import { realStages } from '../../gpu-workers/stages';
import { modelsConfig, VisionModels } from '../../models';
import { lavfiVideo } from '../helpers/lavfi';
import { threeSceneClip } from './helpers/clips';
import { deliverAll, uploadAndIngest } from './helpers/deliver';
import { openTestPlatform } from './helpers/in-process';

const principal: Principal = { tenantId: 'acme', keyId: 'test' };

let dir: string;
let platform: LocalPlatform;
let close: () => Promise<void>;
beforeEach(async () => ({ dir, platform, close } = await openTestPlatform('warm-models')));
afterEach(() => close());

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
    // CenterNet at least (MoveNet runs only on frames where CenterNet kept a person; these generated scenes have none).
    expect(perModel).toBeGreaterThanOrEqual(1);
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

  it("a video's detectFps option sets the detection rate of its chunk tasks", async () => {
    const stages = realStages({ vision: () => VisionModels.create(modelsConfig({ intraOpThreads: 1 })) });
    const clip = await threeSceneClip(dir);
    const id = await uploadAndIngest(platform, principal, clip, {
      filename: 'slow.mp4',
      tasks: ['tracks'],
      options: { chunkSec: 5, detectFps: 1 },
    });
    await deliverAll(platform, platform.deps.queues.cpu, stages);
    await deliverAll(platform, platform.deps.queues.gpu, stages);
    const first = JSON.parse(new TextDecoder().decode(await platform.deps.blobs.get(ArtifactKeys.chunkResult(id, 0)))) as {
      detections: { frames: { frame: number }[] };
    };
    // 25-fps clip at 1 detection per second: frames 25 apart (5/s by default would be 5 apart).
    const frames = first.detections.frames.map((f) => f.frame);
    expect(frames.length).toBeGreaterThan(2);
    for (let i = 1; i < frames.length; i++) expect(frames[i]! - frames[i - 1]!).toBe(25);
    await stages.dispose();
  }, 300_000);
});
