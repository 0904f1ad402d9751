import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Transition } from '../../core/contracts/shots';
import { evaluateShots, ShotsGroundTruthSchema, type ShotsGroundTruth } from '../../stages/shots/eval';
import { formatReport } from '../../cli/commands/eval-shots';
import { hasTestData, needsData, testData } from '../helpers/data';
import { decodeForShots, detect, SHOT_DECISIONS } from './helpers';

const VIDEO = 'shots/shots_dev.mp4';
const TRUTH = 'shots/shots_dev_gt.json';

/** The targets of the foundation issue (PySceneDetect reaches cut F1 0.84 here, ffmpeg scdet 0.63). */
const MIN_CUT_F1 = 0.95;
const MIN_GRADUAL_RECALL = 0.8;

/** Shots with fast motion (ground-truth shot index → label): nothing may be found inside them. */
const FAST_MOTION_SHOTS = [
  { shot: 2, label: 'cockatoo flapping at the camera' },
  { shot: 5, label: 'basketball' },
  { shot: 9, label: 'arm wrestling' },
];

describe.skipIf(!hasTestData(VIDEO, TRUTH)).each(SHOT_DECISIONS)(
  needsData('shots_dev.mp4 (real footage, exact ground truth) ($cutDecision)', VIDEO, TRUTH),
  (decision) => {
    const path = testData(VIDEO)!;
    let found: Transition[] = [];
    let truth: ShotsGroundTruth & { shots: { startFrame: number; endFrame: number }[] };

    beforeAll(async () => {
      const raw = JSON.parse(await readFile(testData(TRUTH)!, 'utf8')) as { shots: { startFrame: number; endFrame: number }[] };
      truth = { ...ShotsGroundTruthSchema.parse(raw), shots: raw.shots };
      found = detect(await decodeForShots(path), {}, decision);
    });

    it(`meets the targets: cut F1 ≥ ${MIN_CUT_F1}, gradual recall ≥ ${MIN_GRADUAL_RECALL}`, () => {
      // Act
      const report = evaluateShots(found, truth);
      console.info(formatReport(report, 1));
      // Assess
      expect(report.cuts.f1).toBeGreaterThanOrEqual(MIN_CUT_F1);
      expect(report.gradual.recall).toBeGreaterThanOrEqual(MIN_GRADUAL_RECALL);
      expect(report.byType.wipe.found + report.byType.dissolve.found).toBe(3);
    });

    it.each(FAST_MOTION_SHOTS)('no transition inside shot $shot ($label)', ({ shot }) => {
      // Prepare: the shot's own first frame may carry its cut, and its last frame the start of
      // the next transition (±1 frame tolerance, as the evaluation's).
      const { startFrame, endFrame } = truth.shots[shot]!;
      // Act
      const inside = found.filter((t) => t.startFrame > startFrame + 1 && t.startFrame < endFrame - 1);
      // Assess
      expect(inside).toEqual([]);
    });
  },
);
