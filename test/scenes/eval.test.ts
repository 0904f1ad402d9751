import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ScenesFileSchema } from '../../core/contracts/scenes';
import { everyShotBoundary } from '../../cli/commands/eval-scenes';
import { detectScenes } from '../../stages/scenes';
import { coverage, scoreSegmentation, type ScenesGroundTruth } from '../../stages/scenes/eval';
import { runLvu } from '../helpers/cli';
import { syntheticVideo } from './fixtures';

/** Truth: scenes at 0, 10 (cut), 20–21 (a 1-s dissolve), 30 s; 40 s long. */
const TRUTH: ScenesGroundTruth = {
  durationSec: 40,
  scenes: [
    { startSec: 0, endSec: 10 },
    { startSec: 10, endSec: 20 },
    { startSec: 20, endSec: 30 },
    { startSec: 30, endSec: 40 },
  ],
  boundaries: [
    { startSec: 10, endSec: 10 },
    { startSec: 20, endSec: 21 },
    { startSec: 30, endSec: 30 },
  ],
};
const tiled = (...starts: number[]) => starts.map((s, i) => ({ startSec: s, endSec: starts[i + 1] ?? 40 }));

describe('scene boundary scoring', () => {
  it.each([
    ['exact boundaries', tiled(0, 10, 20, 30), { tp: 3, fp: 0, fn: 0 }],
    ['within ±1 s, a gradual one anywhere in its span ±1 s', tiled(0, 10.9, 21.8, 29.1), { tp: 3, fp: 0, fn: 0 }],
    ['just outside the tolerance', tiled(0, 11.2, 22.2, 28.7), { tp: 0, fp: 3, fn: 3 }],
    ['two predictions near one truth: one matches, one is false', tiled(0, 9.8, 10.4, 20, 30), { tp: 3, fp: 1, fn: 0 }],
    ['one scene: every boundary missed', tiled(0), { tp: 0, fp: 0, fn: 3 }],
  ])('%s', (_name, intervals, want) => {
    const s = scoreSegmentation({ name: 'x', intervals }, TRUTH);
    expect([s.truePositives, s.falsePositives, s.falseNegatives]).toEqual([want.tp, want.fp, want.fn]);
    expect(s.coverage).toBe(1);
  });

  it('F1 is the harmonic mean of precision and recall', () => {
    const s = scoreSegmentation({ name: 'x', intervals: tiled(0, 10, 15, 25) }, TRUTH);
    expect([s.precision, s.recall]).toEqual([1 / 3, 1 / 3]);
    expect(s.f1).toBeCloseTo(1 / 3, 10);
  });

  it.each([
    ['a tiling', tiled(0, 10, 20), 1],
    [
      'a gap of 10 s',
      [
        { startSec: 0, endSec: 10 },
        { startSec: 20, endSec: 40 },
      ],
      0.75,
    ],
    [
      'an overlap of 5 s (in two scenes: not exactly one)',
      [
        { startSec: 0, endSec: 25 },
        { startSec: 20, endSec: 40 },
      ],
      0.875,
    ],
    ['scenes past the end are cut at the duration', [{ startSec: 0, endSec: 50 }], 1],
  ])('coverage of %s', (_name, intervals, want) => {
    expect(coverage(intervals, 40)).toBeCloseTo(want, 10);
  });

  it('the every-shot-boundary baseline tiles the video with one scene per shot', () => {
    const input = syntheticVideo([
      { place: 1, sec: 4 },
      { place: 1, sec: 4, entry: 'dissolve' },
      { place: 2, sec: 4 },
    ]);
    const base = everyShotBoundary(input.shotsFile);
    expect(base.intervals).toHaveLength(3);
    expect(coverage(base.intervals, input.shotsFile.video.durationSec)).toBeCloseTo(1, 10);
  });
});

describe('scenes.json contract', () => {
  const valid = () =>
    detectScenes(
      syntheticVideo([
        { place: 1, sec: 5 },
        { place: 2, sec: 5 },
      ]),
    );
  it.each([
    ['a gap between scenes', (f: any) => (f.scenes[1].startFrame += 1), 'tile'],
    ['scenes that stop before the end', (f: any) => (f.scenes[1].endFrame -= 1), 'the video has'],
    ['a skipped shot', (f: any) => (f.scenes[1].firstShot += 1), 'firstShot'],
    ['a confidence above 1', (f: any) => (f.scenes[0].confidence = 1.5), 'confidence'],
    ['a wrong index', (f: any) => (f.scenes[1].index = 5), 'index'],
  ])('refuses %s', (_name, spoil, message) => {
    const file = structuredClone(valid());
    expect(ScenesFileSchema.safeParse(file).success).toBe(true);
    spoil(file);
    const parsed = ScenesFileSchema.safeParse(file);
    expect(parsed.success).toBe(false);
    expect(JSON.stringify(parsed.error!.issues)).toContain(message);
  });
});

describe('lvu eval scenes', () => {
  it('prints scenes.json next to the every-shot-boundary baseline, and refuses bad files by name', async () => {
    // Prepare: a video of places 1,1,2,3 (a dissolve inside place 1) and its truth
    const dir = await mkdtemp(join(tmpdir(), 'eval-scenes-'));
    const input = syntheticVideo([
      { place: 1, sec: 5 },
      { place: 1, sec: 5, entry: 'dissolve' },
      { place: 2, sec: 5 },
      { place: 3, sec: 5 },
    ]);
    const scenes = detectScenes(input);
    const shots = input.shotsFile.shots;
    const truth = {
      durationSec: input.shotsFile.video.durationSec,
      scenes: [
        { startSec: 0, endSec: shots[1]!.endSec },
        { startSec: shots[1]!.endSec, endSec: shots[2]!.endSec },
        { startSec: shots[2]!.endSec, endSec: input.shotsFile.video.durationSec },
      ],
    };
    await writeFile(join(dir, 'scenes.json'), JSON.stringify(scenes));
    await writeFile(join(dir, 'shots.json'), JSON.stringify(input.shotsFile));
    await writeFile(join(dir, 'gt.json'), JSON.stringify(truth));
    await writeFile(join(dir, 'bad.json'), JSON.stringify({ scenes: 'no' }));
    // Act
    const ok = await runLvu(['eval', 'scenes', join(dir, 'scenes.json'), join(dir, 'gt.json'), '--json']);
    const bad = await runLvu(['eval', 'scenes', join(dir, 'bad.json'), join(dir, 'gt.json')]);
    const badTolerance = await runLvu(['eval', 'scenes', join(dir, 'scenes.json'), join(dir, 'gt.json'), '--tolerance', 'soon']);
    // Assess
    expect(ok.code, ok.stderr).toBe(0);
    const report = JSON.parse(ok.stdout) as { scores: { name: string; f1: number; precision: number; coverage: number }[] };
    expect(report.scores.map((s) => s.name)).toEqual(['scenes.json', 'every shot boundary']);
    expect(report.scores[0]).toMatchObject({ f1: 1, coverage: 1 });
    expect(report.scores[1]!.precision).toBeCloseTo(2 / 3, 10);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/bad\.json/);
    expect(badTolerance.code).toBe(1);
    expect(badTolerance.stderr).toMatch(/tolerance/);
  }, 120_000);
});
