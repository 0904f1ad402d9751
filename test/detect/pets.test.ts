/**
 * Real footage, detection on every frame: PETS09-S2L1 (795 frames) and TUD-Campus (71).
 * PETS is decoded and detected ONCE (beforeAll, ~1–3 min on 2 cores); the chunked run
 * re-tracks those same detections per 10-s chunk of a real plan (detections depend only on
 * the frame, which the decoder delivers identically whatever the seek point), so chunk
 * independence is checked without a second detection pass.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modelsConfig, VisionModels } from '../../models';
import { analyzeChunk, mergeChunks, planAnalysis, type ChunkResult } from '../../stages/pipeline';
import { detectionWindow, packObservations, trackChunk } from '../../stages/detect/chunk';
import {
  createIouTracker,
  evaluateMot,
  iou,
  observationsToSequence,
  parseMot,
  toSequence,
  type MotMetrics,
  type MotSequence,
} from '../../stages/track';
import { probe } from '../../stages/video';
import type { ChunkPlan, VideoProbe } from '../../core/contracts/video';
import { hasTestData, needsData, testData } from '../helpers/data';

const PETS = 'tracking/PETS09-S2L1';
const TUD = 'tracking/TUD-Campus';
const EVERY_FRAME = { every: 1, pose: false } as const;
const PETS_FILES = [`${PETS}/vtest.avi`, `${PETS}/gt/gt.txt`];
const TUD_FILES = [`${TUD}/TUD-Campus.mp4`, `${TUD}/gt/gt.txt`];

interface Run {
  probe: VideoProbe;
  plan: ChunkPlan;
  result: ChunkResult;
  gt: MotSequence;
}

let vision: VisionModels;
let pets: Run | undefined;
let tud: Run | undefined;

async function detectOnce(dir: string, video: string): Promise<Run | undefined> {
  const path = testData(`${dir}/${video}`);
  if (!path) return undefined;
  const p = await probe(path);
  const plan = planAnalysis(p, { chunkSec: 1e6 });
  const result = await analyzeChunk({ sourcePath: path, probe: p, plan, chunkIndex: 0, threads: 1, detect: EVERY_FRAME, vision });
  const gt = toSequence(parseMot(readFileSync(testData(`${dir}/gt/gt.txt`)!, 'utf8'), 'gt.txt'), { minConfidence: 1 });
  return { probe: p, plan, result, gt };
}

function scoreMot(run: Run, motText: string): MotMetrics {
  return evaluateMot(run.gt, toSequence(parseMot(motText, 'tracks.mot.txt')));
}

function fmt(m: MotMetrics): string {
  return `MOTA ${m.mota.toFixed(3)} IDF1 ${m.idf1.toFixed(3)} MOTP ${m.motp.toFixed(3)} IDsw ${m.idSwitches} FP ${m.falsePositives} FN ${m.misses} P ${m.precision.toFixed(3)} R ${m.recall.toFixed(3)}`;
}

beforeAll(async () => {
  vision = VisionModels.create(modelsConfig());
  pets = await detectOnce(PETS, 'vtest.avi');
  tud = await detectOnce(TUD, 'TUD-Campus.mp4');
}, 900_000);
afterAll(() => vision.dispose());

describe.skipIf(!hasTestData(...PETS_FILES))(needsData('PETS09-S2L1, detection on every frame', ...PETS_FILES), () => {
  it('tracks people with MOTA ≥ 0.75 and IDF1 ≥ 0.70', () => {
    if (!pets) throw new Error('beforeAll did not analyse PETS09-S2L1');
    // Act
    const merged = mergeChunks({ probe: pets.probe, plan: pets.plan, chunkResults: [pets.result] });
    const m = scoreMot(pets, merged.motText!);
    // Assess
    console.info(`PETS09-S2L1 ours: ${fmt(m)}`);
    expect(m.mota).toBeGreaterThanOrEqual(0.75);
    expect(m.idf1).toBeGreaterThanOrEqual(0.7);
  });

  it('detector alone (person boxes, score ≥ 0.4): precision and recall', () => {
    if (!pets) throw new Error('beforeAll did not analyse PETS09-S2L1');
    // Prepare: every person box as its own one-frame track
    let id = 0;
    const obs = pets.result.detections!.frames.flatMap((f) =>
      f.detections
        .filter((d) => d.classId === 0 && d.score >= 0.4)
        .map((d) => ({
          trackId: ++id,
          frameIndex: f.frame,
          detectionIndex: 0,
          box: Float64Array.from(d.box),
          filteredBox: Float64Array.from(d.box),
          score: d.score,
          classId: 0,
        })),
    );
    // Act
    const m = evaluateMot(pets.gt, observationsToSequence(obs));
    // Assess
    console.info(`PETS09-S2L1 detector only: precision ${m.precision.toFixed(3)} recall ${m.recall.toFixed(3)}`);
    expect(m.recall).toBeGreaterThanOrEqual(0.8);
    expect(m.precision).toBeGreaterThanOrEqual(0.8);
  });

  it('has fewer ID switches than a plain IoU tracker on the same detections', () => {
    if (!pets) throw new Error('beforeAll did not analyse PETS09-S2L1');
    // Prepare
    const baseline = createIouTracker({ minScore: 0.4 });
    const obs = pets.result.detections!.frames.flatMap((f) =>
      baseline.update(
        f.frame,
        f.detections.filter((d) => d.classId === 0),
      ),
    );
    // Act
    const base = evaluateMot(pets.gt, observationsToSequence(obs));
    const ours = scoreMot(pets, mergeChunks({ probe: pets.probe, plan: pets.plan, chunkResults: [pets.result] }).motText!);
    // Assess
    console.info(`PETS09-S2L1 IoU baseline: ${fmt(base)}`);
    expect(ours.idSwitches).toBeLessThan(base.idSwitches);
  });

  it('gives the same figures with 10-s chunks (within 0.01) and no duplicated track at seams', () => {
    if (!pets) throw new Error('beforeAll did not analyse PETS09-S2L1');
    // Prepare
    const plan = planAnalysis(pets.probe, { chunkSec: 10 });
    const all = pets.result.detections!;
    const results: ChunkResult[] = plan.chunks.map((c) => {
      const w = detectionWindow(c, pets!.probe.fps);
      const frames = all.frames.filter((f) => f.frame >= w.start && f.frame < w.end);
      const observations = packObservations(trackChunk(frames, [], c.decodeEndFrame, pets!.probe.fps, {}));
      const descriptors = all.descriptors.filter((d) => d.frame >= c.startFrame && d.frame < c.endFrame);
      return {
        chunkIndex: c.index,
        startFrame: c.startFrame,
        endFrame: c.endFrame,
        transitions: [],
        detections: { frames, observations, descriptors },
      };
    });
    // Act
    const chunked = mergeChunks({ probe: pets.probe, plan, chunkResults: results });
    const one = mergeChunks({ probe: pets.probe, plan: pets.plan, chunkResults: [pets.result] });
    const mc = scoreMot(pets, chunked.motText!);
    const m1 = scoreMot(pets, one.motText!);
    // Assess
    console.info(`PETS09-S2L1 ${plan.chunks.length} chunks of 10 s: ${fmt(mc)}`);
    expect(plan.chunks.length).toBeGreaterThan(2);
    expect(Math.abs(mc.mota - m1.mota)).toBeLessThanOrEqual(0.01);
    expect(Math.abs(mc.idf1 - m1.idf1)).toBeLessThanOrEqual(0.01);
    expect(duplicatedBoxes(chunked.motText!)).toBe(0);
    expect(chunked.tracksFile!.tracks.length).toBeLessThanOrEqual(one.tracksFile!.tracks.length + plan.chunks.length);
  });
});

/** Pairs of boxes of different ids on one frame that overlap almost fully (a track reported twice). */
function duplicatedBoxes(motText: string): number {
  let dup = 0;
  for (const [, f] of toSequence(parseMot(motText, 'mot'))) {
    for (let a = 0; a < f.ids.length; a++) {
      for (let b = a + 1; b < f.ids.length; b++)
        if (iou(f.boxes.subarray(4 * a, 4 * a + 4), f.boxes.subarray(4 * b, 4 * b + 4)) >= 0.9) dup++;
    }
  }
  return dup;
}

describe.skipIf(!hasTestData(...TUD_FILES))(needsData('TUD-Campus, detection on every frame', ...TUD_FILES), () => {
  it('tracks people (MOTA ≥ 0.6, IDF1 ≥ 0.6; figures printed)', () => {
    if (!tud) throw new Error('beforeAll did not analyse TUD-Campus');
    const m = scoreMot(tud, mergeChunks({ probe: tud.probe, plan: tud.plan, chunkResults: [tud.result] }).motText!);
    console.info(`TUD-Campus ours: ${fmt(m)}`);
    expect(m.mota).toBeGreaterThanOrEqual(0.6);
    expect(m.idf1).toBeGreaterThanOrEqual(0.6);
  });
});
