import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ShotsFileSchema } from '../../core/contracts/shots';
import { runLvu } from '../helpers/cli';
import { FAST_H264, ffmpeg, tempDir } from '../helpers/lavfi';

let dir: string;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
});
afterAll(() => cleanup());

describe('lvu analyze', () => {
  it('writes shots.json and a summary for a clip with two hard cuts', async () => {
    // Prepare: three different 2-s scenes joined by hard cuts at frames 50 and 100.
    const clip = join(dir, 'cuts.mp4');
    const scenes = ['testsrc2=s=320x180:r=25:d=2', 'mandelbrot=s=320x180:r=25', 'smptebars=s=320x180:r=25'];
    await ffmpeg([
      ...scenes.flatMap((s) => ['-f', 'lavfi', '-t', '2', '-i', s]),
      '-filter_complex',
      '[0:v][1:v][2:v]concat=n=3:v=1[v]',
      '-map',
      '[v]',
      ...FAST_H264,
      clip,
    ]);
    // Act
    const res = await runLvu(['analyze', clip, '--out', join(dir, 'out')]);
    // Assess
    expect(res.code, res.stderr).toBe(0);
    const shots = ShotsFileSchema.parse(JSON.parse(await readFile(join(dir, 'out', 'shots.json'), 'utf8')));
    expect(shots.transitions.map((t) => [t.type, t.startFrame])).toEqual([
      ['cut', 50],
      ['cut', 100],
    ]);
    expect(shots.shots.map((s) => [s.startFrame, s.endFrame])).toEqual([
      [0, 50],
      [50, 100],
      [100, 150],
    ]);
    expect(res.stdout).toMatch(/3 shots/);
  });

  it.each([
    ['a missing file', 'nope.mp4', /VIDEO_FILE_MISSING/],
    ['a text file', 'notes.txt', /VIDEO_NOT_A_VIDEO/],
  ])('answers %s with one clear line and exit code 1', async (_l, name, pattern) => {
    await writeFile(join(dir, 'notes.txt'), 'not a video');
    const res = await runLvu(['analyze', join(dir, name)]);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(pattern);
    expect(res.stderr.trim().split('\n')).toHaveLength(1);
    expect(res.stderr).not.toMatch(/\n\s+at /);
  });

  it.each([
    ['no video argument', ['analyze'], 2, /usage/],
    ['an unknown flag', ['analyze', 'x.mp4', '--fast'], 1, /VALIDATION_FAILED.*fast/],
    ['a bad --chunk-sec', ['analyze', 'x.mp4', '--chunk-sec', '0'], 1, /--chunk-sec/],
    ['an unknown command', ['analyse'], 2, /unknown command/],
  ])('rejects %s', async (_l, args, code, pattern) => {
    const res = await runLvu(args);
    expect(res.code).toBe(code);
    expect(res.stderr).toMatch(pattern);
  });
});
