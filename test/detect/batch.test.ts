/**
 * The chunk detector's micro-batches: detector frames pushed one by one are detected in
 * CenterNet calls of `config.batch` frames, and the chunk's detections, tracks and
 * descriptors equal those of one call per frame (real model, frames of the bundled sample
 * decoded as the detect stage gets them: 512×288, no padding).
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Chunk } from '../../core/contracts/video';
import { VisionModels } from '../../models';
import { createChunkDetector, type ChunkDetections } from '../../stages/detect/chunk';
import { detectConfig, type DetectConfigInput } from '../../stages/detect/config';
import type { DetectorFrame } from '../../stages/detect/detect';
import { detectorOutput, letterboxTransform } from '../../stages/detect/frames';
import { decodeFrames, probe } from '../../stages/video';
import type { VideoProbe } from '../../core/contracts/video';
import { ensureModels, REPO_ROOT } from '../models/helpers';

const DEMO = join(REPO_ROOT, 'samples', 'demo.mp4');
/** 11 detector frames: not a multiple of the batch, so the window's last batch is short. */
const CHUNK: Chunk = { index: 0, startFrame: 90, endFrame: 101, decodeStartFrame: 90, decodeEndFrame: 101, startSec: 3.6, endSec: 4.04 };
const FRAMES = Array.from({ length: 11 }, (_, i) => 90 + i);

let vision: VisionModels;
let p: VideoProbe;
let frames: DetectorFrame[];

beforeAll(async () => {
  vision = VisionModels.create(ensureModels());
  p = await probe(DEMO);
  frames = [];
  const out = detectorOutput(p, detectConfig({ every: 1 }));
  for await (const { frame } of decodeFrames({ path: DEMO, probe: p, startFrame: 90, endFrame: 101, outputs: [out] }))
    frames.push({ index: frame.index, sec: frame.sec, image: { data: frame.data, width: frame.width, height: frame.height } });
}, 120_000);
afterAll(() => vision.dispose());

async function runChunk(cfg: DetectConfigInput, push = frames): Promise<ChunkDetections> {
  const detector = createChunkDetector({
    vision,
    chunk: CHUNK,
    fps: p.fps,
    transform: letterboxTransform(p.width, p.height, 512),
    config: detectConfig({ every: 1, descriptorFps: 10, ...cfg }),
    detectionFrames: FRAMES,
  });
  for (const f of push) await detector.push(f);
  return detector.finish([]);
}

describe('chunk detector micro-batches (bundled sample, 512×288 frames)', () => {
  it('decodes the 16:9 sample at 512×288', () => {
    expect(frames.map((f) => [f.image.width, f.image.height])).toEqual(FRAMES.map(() => [512, 288]));
  });

  it('batch 4 gives the detections, tracks and descriptors of batch 1 (boxes rounded to 0.01 px)', async () => {
    // Act
    const one = await runChunk({ batch: 1 });
    const four = await runChunk({ batch: 4 });
    // Assess
    expect(four.frames.map((f) => f.frame)).toEqual(FRAMES);
    expect(four.frames.some((f) => f.detections.some((d) => d.classId === 0))).toBe(true);
    expect(four.frames).toEqual(one.frames);
    expect(four.observations).toEqual(one.observations);
    expect(four.descriptors.map((d) => [d.frame, d.detectionIndex])).toEqual(one.descriptors.map((d) => [d.frame, d.detectionIndex]));
  });

  it('refuses to finish with frames still waiting for their batch, and flush() runs them', async () => {
    // Prepare: the first 3 of 11 planned frames (batch 4 not full, not the window's last frame)
    const detector = createChunkDetector({
      vision,
      chunk: CHUNK,
      fps: p.fps,
      transform: letterboxTransform(p.width, p.height, 512),
      config: detectConfig({ every: 1, batch: 4, descriptors: false }),
      detectionFrames: FRAMES,
    });
    for (const f of frames.slice(0, 3)) await detector.push(f);
    // Act / Assess
    expect(() => detector.finish([])).toThrow(/3 detector frame\(s\) from 90 still await detection/);
    await detector.flush();
    expect(detector.finish([]).frames.map((f) => f.frame)).toEqual([90, 91, 92]);
  });
});
