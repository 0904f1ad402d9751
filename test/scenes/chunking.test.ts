import { afterAll, describe, expect, it } from 'vitest';
import { runPool } from '../../core/pool';
import { ScenesFileSchema } from '../../core/contracts/scenes';
import { modelsConfig, VisionModels } from '../../models';
import { analyzeChunk, mergeChunks, planAnalysis } from '../../stages/pipeline';
import { probe } from '../../stages/video';
import { hasTestData, needsData, testData } from '../helpers/data';

const CLIP = 'shots/shots_dev.mp4';
/** Detection at 1/s (the bank's own rate) keeps three full analyses affordable on a shared CPU. */
const DETECT = { fps: 1, pose: false, bankFeatures: true } as const;

let vision: VisionModels | undefined;
afterAll(async () => vision?.dispose());

/** scenes.json of the clip analysed with `chunkSec` chunks (shots, detection, bank, identities, scenes). */
async function scenesJson(path: string, chunkSec: number): Promise<string> {
  vision ??= VisionModels.create(modelsConfig({ intraOpThreads: 1 }));
  const p = await probe(path);
  const plan = planAnalysis(p, { chunkSec });
  const results = await runPool(plan.chunks, 2, (c, signal) =>
    analyzeChunk({
      sourcePath: path,
      probe: p,
      plan,
      chunkIndex: c.index,
      threads: 1,
      signal,
      stages: ['shots', 'detect'],
      detect: DETECT,
      vision: vision!,
    }),
  );
  const merged = mergeChunks({ probe: p, plan, chunkResults: results, videoId: 'shots_dev' });
  expect(merged.scenesFile, 'the merge builds scenes with the feature bank').toBeDefined();
  return JSON.stringify(merged.scenesFile);
}

describe('scenes do not depend on chunking (real footage)', () => {
  it.skipIf(!hasTestData(CLIP))(
    needsData('shots_dev.mp4: identical scenes.json for 10-s chunks, 60-s chunks and one chunk', CLIP),
    async () => {
      // Prepare + Act
      const path = testData(CLIP)!;
      const one = await scenesJson(path, 1e6);
      const ten = await scenesJson(path, 10);
      const sixty = await scenesJson(path, 60);
      // Assess
      const scenes = ScenesFileSchema.parse(JSON.parse(one));
      expect(scenes.scenes.length).toBeGreaterThan(1);
      expect(ten).toBe(one);
      expect(sixty).toBe(one);
    },
    900_000,
  );
});
