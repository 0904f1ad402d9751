import { resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LvuError } from '../../core/errors';
import { modelsConfig, VisionModels } from '../../models';
import { createChunkThreadPool } from '../../stages/chunk-threads';
import { analyzeChunk, planAnalysis, type ChunkResult } from '../../stages/pipeline';
import { probe } from '../../stages/video';
import { REPO_ROOT } from '../helpers/data';

// The sample ships with the repo: no shared data needed. Three chunks of about 12 s at 1 detection/s.
const SAMPLE = resolve(REPO_ROOT, 'samples/demo.mp4');
const DETECT = { fps: 1, pose: true, bankFeatures: true };

describe('chunk lanes on worker threads', () => {
  const pool = createChunkThreadPool({ threads: 1, models: modelsConfig({ intraOpThreads: 1 }) });
  afterAll(() => pool.dispose());

  it('give the same chunk results as analyzeChunk on this thread, opening each model once per thread', async () => {
    const p = await probe(SAMPLE);
    const plan = planAnalysis(p, { chunkSec: 12 });
    expect(plan.chunks.length).toBe(3);
    const vision = VisionModels.create(modelsConfig({ intraOpThreads: 1 }));
    const here: ChunkResult[] = [];
    const there: ChunkResult[] = [];
    const progress: number[] = [];
    try {
      for (const c of plan.chunks) {
        const input = {
          sourcePath: SAMPLE,
          probe: p,
          plan,
          chunkIndex: c.index,
          threads: 1,
          stages: ['shots', 'detect'] as const,
          detect: DETECT,
        };
        here.push(await analyzeChunk({ ...input, vision }));
        const { result, profile } = await pool.run(input, { onProgress: (done) => progress.push(done) });
        there.push(result);
        // The thread reports where its time went, models included.
        expect(profile['model centernet']?.calls).toBeGreaterThan(0);
      }
    } finally {
      await vision.dispose();
    }
    expect(there).toEqual(here);
    expect(progress.length).toBeGreaterThan(0);
    const usedHere = vision.sessionsOpened;
    expect(usedHere).toBeGreaterThanOrEqual(4);
    // Sessions are counted when the thread releases them: one per model over three chunks.
    await pool.dispose();
    expect(pool.sessionsOpened).toEqual([usedHere]);
  }, 300_000);

  it('run chunks side by side, one per thread, whatever the order they finish in', async () => {
    const two = createChunkThreadPool({ threads: 2, models: modelsConfig({ intraOpThreads: 1 }) });
    try {
      const p = await probe(SAMPLE);
      const plan = planAnalysis(p, { chunkSec: 8 });
      expect(plan.chunks.length).toBeGreaterThan(3);
      // All chunks started in one tick: each must land on a free thread and come back.
      const results = await Promise.all(
        plan.chunks.map((c) => two.run({ sourcePath: SAMPLE, probe: p, plan, chunkIndex: c.index, threads: 1, stages: ['shots'] })),
      );
      expect(results.map((r) => r.result.chunkIndex)).toEqual(plan.chunks.map((c) => c.index));
      const here = await analyzeChunk({ sourcePath: SAMPLE, probe: p, plan, chunkIndex: 2, threads: 1, stages: ['shots'] });
      expect(results[2]!.result).toEqual(here);
    } finally {
      await two.dispose();
    }
  }, 120_000);

  it('pass an input error back with its code, and stop a chunk when its signal aborts', async () => {
    const errPool = createChunkThreadPool({ threads: 1, models: modelsConfig({ intraOpThreads: 1 }) });
    try {
      const p = await probe(SAMPLE);
      const plan = planAnalysis(p, { chunkSec: 12 });
      const input = { sourcePath: SAMPLE, probe: p, plan, chunkIndex: 99, stages: ['shots'] as const };
      const err = await errPool.run(input).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(Error);
      expect((err as Error).message).toMatch(/chunk 99 is not in the plan/);
      const missing = await errPool
        .run({ ...input, chunkIndex: 0, sourcePath: resolve(REPO_ROOT, 'samples/no-such-file.mp4') })
        .catch((e: unknown) => e);
      expect(missing).toBeInstanceOf(LvuError);
      expect((missing as LvuError).code).toMatch(/^[A-Z_]+$/);
      const ac = new AbortController();
      const run = errPool.run({ ...input, chunkIndex: 0, stages: ['shots'] }, { signal: ac.signal, onProgress: () => ac.abort() });
      await expect(run).rejects.toThrow(/abort/i);
      // The thread is still usable after an error and an abort.
      const ok = await errPool.run({ ...input, chunkIndex: 1 });
      expect(ok.result.chunkIndex).toBe(1);
    } finally {
      await errPool.dispose();
    }
  }, 120_000);
});
