import { join } from 'node:path';
import { writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Transition, TransitionType } from '../../core/contracts/shots';
import { evaluateShots, spanIoU, type ShotsGroundTruth } from '../../stages/shots/eval';
import { runLvu } from '../helpers/cli';
import { tempDir } from '../helpers/lavfi';

const t = (type: TransitionType, startFrame: number, endFrame = startFrame): Transition => ({
  type,
  startFrame,
  endFrame,
  startSec: startFrame / 25,
  endSec: endFrame / 25,
  confidence: 0.9,
});
const truth: ShotsGroundTruth = {
  transitions: [
    { type: 'cut', frame: 100 },
    { type: 'dissolve', start: 200, end: 219 },
    { type: 'cut', frame: 300 },
    { type: 'wipe', start: 400, end: 411 },
  ],
};

describe('evaluateShots', () => {
  it.each([
    {
      name: 'perfect',
      pred: [t('cut', 100), t('dissolve', 200, 219), t('cut', 300), t('wipe', 400, 411)],
      cutF1: 1,
      gradualRecall: 1,
      fp: 0,
    },
    {
      name: 'cuts one frame off still count',
      pred: [t('cut', 101), t('dissolve', 200, 219), t('cut', 299), t('wipe', 400, 411)],
      cutF1: 1,
      gradualRecall: 1,
      fp: 0,
    },
    { name: 'a cut two frames off does not', pred: [t('cut', 102), t('cut', 300)], cutF1: 0.5, gradualRecall: 0, fp: 1 },
    {
      name: 'one true cut matches one detection only',
      pred: [t('cut', 100), t('cut', 101), t('cut', 300)],
      cutF1: 0.8,
      gradualRecall: 0,
      fp: 1,
    },
    {
      name: 'gradual spans match by any overlap, whatever the type',
      pred: [t('cut', 100), t('cut', 300), t('fade', 219, 230), t('dissolve', 395, 400)],
      cutF1: 1,
      gradualRecall: 1,
      fp: 0,
    },
    {
      name: 'a cut inside a dissolve is a false cut and a miss',
      pred: [t('cut', 100), t('cut', 210), t('cut', 300)],
      cutF1: 0.8,
      gradualRecall: 0,
      fp: 1,
    },
    { name: 'nothing found', pred: [], cutF1: 0, gradualRecall: 0, fp: 0 },
  ])('$name', ({ pred, cutF1, gradualRecall, fp }) => {
    // Act
    const r = evaluateShots(pred, truth);
    // Assess
    expect(r.cuts.f1).toBeCloseTo(cutF1, 6);
    expect(r.gradual.recall).toBeCloseTo(gradualRecall, 6);
    expect(r.falsePositives).toHaveLength(fp);
  });

  it('reports per type: found (any gradual type) and right type', () => {
    // Act
    const r = evaluateShots([t('fade', 205, 215), t('wipe', 401, 410)], truth);
    // Assess
    expect(r.byType.dissolve).toEqual({ truth: 1, predicted: 0, found: 1, typeCorrect: 0 });
    expect(r.byType.wipe).toEqual({ truth: 1, predicted: 1, found: 1, typeCorrect: 1 });
    expect(r.gradual.meanIoU).toBeCloseTo((11 / 20 + 10 / 12) / 2, 6);
  });

  it.each([
    { a: [0, 9], b: [0, 9], iou: 1 },
    { a: [0, 9], b: [5, 14], iou: 5 / 15 },
    { a: [0, 9], b: [10, 19], iou: 0 },
    { a: [3, 3], b: [0, 9], iou: 0.1 },
  ])('spanIoU $a vs $b = $iou', ({ a, b, iou }) => {
    expect(spanIoU({ type: 'wipe', start: a[0]!, end: a[1]! }, { type: 'wipe', start: b[0]!, end: b[1]! })).toBeCloseTo(iou, 6);
  });
});

describe('lvu eval shots', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  const file = (name: string) => join(dir, name);
  beforeAll(async () => {
    ({ dir, cleanup } = await tempDir('lvu-eval-shots-'));
    const gt = {
      fps: 25,
      transitions: [
        { type: 'cut', frame: 100 },
        { type: 'dissolve', start: 200, end: 219 },
      ],
    };
    await writeFile(file('gt.json'), JSON.stringify(gt));
    await writeFile(file('good.json'), JSON.stringify({ transitions: [t('cut', 101), t('dissolve', 202, 217)], shots: [] }));
    await writeFile(file('bad-field.json'), JSON.stringify({ transitions: [t('cut', 101), { ...t('cut', 5), startFrame: -3 }] }));
    await writeFile(file('bad-type.json'), JSON.stringify({ transitions: [{ ...t('cut', 5), type: 'jump' }] }));
    await writeFile(file('gt-missing-end.json'), JSON.stringify({ transitions: [{ type: 'dissolve', start: 10 }] }));
    await writeFile(file('not-json.json'), '{ transitions: ');
  });
  afterAll(async () => cleanup());

  it('prints the table for a good pair of files', async () => {
    // Act
    const r = await runLvu(['eval', 'shots', file('good.json'), file('gt.json')]);
    // Assess
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/cuts\s+1\s+0\s+0\s+100\.0 %\s+100\.0 %\s+100\.0 %/);
    expect(r.stdout).toMatch(/gradual\s+1\s+0\s+0/);
    expect(r.stdout).toContain('misses: none');
  });

  it('prints JSON with --json', async () => {
    const r = await runLvu(['eval', 'shots', file('good.json'), file('gt.json'), '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).cuts.f1).toBe(1);
  });

  it.each([
    { name: 'a negative frame in shots.json', args: ['bad-field.json', 'gt.json'], message: /transitions\.1\.startFrame/ },
    { name: 'an unknown transition type', args: ['bad-type.json', 'gt.json'], message: /transitions\.0\.type/ },
    { name: 'a gradual ground truth without end', args: ['good.json', 'gt-missing-end.json'], message: /transitions\.0\.end/ },
    { name: 'a file that is not JSON', args: ['not-json.json', 'gt.json'], message: /not-json\.json is not valid JSON/ },
    { name: 'a missing file', args: ['absent.json', 'gt.json'], message: /NOT_FOUND: cannot read .*absent\.json/ },
  ])('names the problem for $name, exit ≠ 0, no stack', async ({ args, message }) => {
    // Act
    const r = await runLvu(['eval', 'shots', ...args.map(file)]);
    // Assess
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).not.toMatch(/\bat .*\.ts:\d+/);
  });

  it('prints usage for a wrong number of arguments', async () => {
    const r = await runLvu(['eval', 'shots', file('good.json')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('usage: lvu eval shots');
  });
});
