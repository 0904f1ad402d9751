import { describe, expect, it } from 'vitest';
import { runPool } from '../../core/pool';
import { analyzeChunk, mergeChunks, planAnalysis } from '../../stages/pipeline';
import { probe } from '../../stages/video';
import { hasTestData, needsData, testData } from '../helpers/data';

type ShotDecision = 'rules' | 'temporal';

async function shotsJson(path: string, chunkSec: number, shotDecision: ShotDecision): Promise<string> {
  const p = await probe(path);
  const plan = planAnalysis(p, { chunkSec, shotDecision });
  expect(plan.options.shotDecision).toBe(shotDecision);
  const results = await runPool(plan.chunks, 2, (c, signal) =>
    analyzeChunk({ sourcePath: path, probe: p, plan, chunkIndex: c.index, threads: 1, signal, stages: ['shots'] }),
  );
  return JSON.stringify(mergeChunks({ probe: p, plan, chunkResults: results }).shotsFile);
}

const CLIP = 'shots/shots_dev.mp4';

describe('shot results do not depend on chunking', () => {
  // The plan carries the decision, so every chunk decides alike and the overlap fits it.
  it.skipIf(!hasTestData(CLIP)).each(['rules', 'temporal'] as const)(
    needsData('shots_dev.mp4, cutDecision %s: identical shots.json for 10-s chunks, 60-s chunks and one chunk', CLIP),
    async (decision) => {
      const path = testData(CLIP)!;
      const one = await shotsJson(path, 1e6, decision);
      expect(JSON.parse(one).shots.length, 'shots_dev has 11 shots').toBe(11);
      expect(await shotsJson(path, 10, decision)).toBe(one);
      expect(await shotsJson(path, 60, decision)).toBe(one);
      // Seams every 4.3 s fall inside or right next to several transitions.
      expect(await shotsJson(path, 4.3, decision)).toBe(one);
    },
  );
});
