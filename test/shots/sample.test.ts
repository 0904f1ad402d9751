/**
 * The bundled sample (samples/demo.mp4), which the README's first command analyses on a
 * fresh clone: its file and ground truth are what samples/README.md says, and the shot
 * detector finds its transitions. Runs everywhere (no shared data needed). Five of its
 * six sources are also in shots_dev.mp4, on which the detector was tuned: a regression
 * check, not a held-out score.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Transition } from '../../core/contracts/shots';
import { evaluateShots, ShotsGroundTruthSchema, type ShotsGroundTruth } from '../../stages/shots/eval';
import { probe } from '../../stages/video';
import { REPO_ROOT } from '../helpers/data';
import { decodeForShots, detect, summarize, SHOT_DECISIONS } from './helpers';

const VIDEO = join(REPO_ROOT, 'samples', 'demo.mp4');
const TRUTH = join(REPO_ROOT, 'samples', 'demo_gt.json');
const README = join(REPO_ROOT, 'samples', 'README.md');

describe.each(SHOT_DECISIONS)('samples/demo.mp4 ($cutDecision)', (decision) => {
  let truth: ShotsGroundTruth & { total_frames: number };
  let found: Transition[] = [];

  beforeAll(async () => {
    const raw = JSON.parse(readFileSync(TRUTH, 'utf8')) as { total_frames: number };
    truth = { ...ShotsGroundTruthSchema.parse(raw), total_frames: raw.total_frames };
    found = detect(await decodeForShots(VIDEO), {}, decision);
  }, 300_000);

  it('is the file samples/README.md describes (sha256, 640×360, 25 fps, every frame of the ground truth)', async () => {
    // Act
    const sha = createHash('sha256').update(readFileSync(VIDEO)).digest('hex');
    const p = await probe(VIDEO);
    // Assess
    expect(readFileSync(README, 'utf8')).toContain(sha);
    expect(p).toMatchObject({ width: 640, height: 360, fps: 25, frameCount: truth.total_frames });
    expect(readFileSync(VIDEO).length).toBeLessThan(5 * 1024 * 1024);
  });

  it('has cuts, dissolves and a fade in its ground truth', () => {
    const types = truth.transitions.map((t) => t.type);
    expect(new Set(types)).toEqual(new Set(['cut', 'dissolve', 'fade']));
  });

  it('the shot detector finds every transition, with the right type and no false one', () => {
    // Act
    const report = evaluateShots(found, truth);
    // Assess
    expect(report.misses, summarize(found).join(', ')).toEqual([]);
    expect(report.falsePositives, summarize(found).join(', ')).toEqual([]);
    expect(report.byType.dissolve.typeCorrect).toBe(report.byType.dissolve.truth);
    expect(report.byType.fade.typeCorrect).toBe(report.byType.fade.truth);
  });
});
