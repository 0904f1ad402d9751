import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LocalPlatform } from '../../adapters/local/platform';
import { CreateVideoRequestSchema } from '../../core/api/contracts';
import { ChunkPlanSchema } from '../../core/contracts/video';
import type { Principal } from '../../core/jobs/api-keys';
import { ArtifactKeys } from '../../core/jobs/model';
import { getVideo } from '../../core/jobs/views';
import { threeSceneClip } from './helpers/clips';
import { deliverAll, uploadAndIngest } from './helpers/deliver';
import { openTestPlatform } from './helpers/in-process';

const principal: Principal = { tenantId: 'acme', keyId: 'test' };

let dir: string;
let platform: LocalPlatform;
let close: () => Promise<void>;
beforeEach(async () => ({ dir, platform, close } = await openTestPlatform('shot-decision')));
afterEach(() => close());

async function plannedDecision(id: string): Promise<string | undefined> {
  const plan = ChunkPlanSchema.parse(JSON.parse(new TextDecoder().decode(await platform.deps.blobs.get(ArtifactKeys.plan(id)))));
  return plan.options.shotDecision;
}

describe("a video's shotDecision option", () => {
  it('goes into the stored chunk plan, which every chunk task reads; absent, the detector default decides', async () => {
    // Prepare: the same clip twice, once with the rules asked for.
    const clip = await threeSceneClip(dir);
    const rules = await uploadAndIngest(platform, principal, clip, { filename: 'a.mp4', options: { chunkSec: 5, shotDecision: 'rules' } });
    const plain = await uploadAndIngest(platform, principal, clip, { filename: 'b.mp4', options: { chunkSec: 5 } });
    // Act: probe, chunk and merge tasks (shots only).
    await deliverAll(platform, platform.deps.queues.cpu);
    await deliverAll(platform, platform.deps.queues.gpu);
    await deliverAll(platform, platform.deps.queues.cpu);
    // Assess
    expect(await plannedDecision(rules)).toBe('rules');
    expect(await plannedDecision(plain)).toBeUndefined();
    for (const id of [rules, plain]) {
      expect(await getVideo(platform.deps, principal, id)).toMatchObject({ status: 'done' });
      const shots = JSON.parse(new TextDecoder().decode(await platform.deps.blobs.get(ArtifactKeys.shots(id)))) as { shots: unknown[] };
      // Three generated scenes joined by cuts: both decisions find the three shots.
      expect(shots.shots).toHaveLength(3);
    }
  }, 300_000);

  it('answers a value it does not know with an error naming options.shotDecision', () => {
    const body = { filename: 'a.mp4', bytes: 1000, contentType: 'video/mp4', options: { shotDecision: 'fancy' } };
    const parsed = CreateVideoRequestSchema.safeParse(body);
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues[0]!.path).toEqual(['options', 'shotDecision']);
    expect(CreateVideoRequestSchema.safeParse({ ...body, options: { shotDecision: 'temporal' } }).success).toBe(true);
  });
});
