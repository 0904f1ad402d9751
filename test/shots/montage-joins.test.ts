import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { joinPieces, pieceJumpVisibility, renderPiece } from '../../training/shots/make-montages';
import type { PieceSpec } from '../../training/shots/montages';

const W = 64;
const H = 36;

/** Every frame of a video as 64×36 luma, each decoded frame once (no frame repeated or dropped for a rate). */
function lumaFrames(file: string): Float32Array[] {
  const raw = execFileSync(
    'ffmpeg',
    [
      '-nostdin',
      '-v',
      'error',
      '-i',
      file,
      '-fps_mode',
      'passthrough',
      '-vf',
      `scale=${W}:${H}:flags=area,format=gray`,
      '-f',
      'rawvideo',
      '-',
    ],
    { maxBuffer: 64 * 1024 * 1024 },
  );
  const n = raw.length / (W * H);
  return Array.from({ length: n }, (_, i) => Float32Array.from(raw.subarray(i * W * H, (i + 1) * W * H)));
}

const diff = (a: Float32Array, b: Float32Array) => a.reduce((s, v, i) => s + Math.abs(v - b[i]!), 0) / a.length;

const piece = (source: string, fromSec: number, frames: number): PieceSpec => ({
  source,
  fromSec,
  frames,
  transform: 'none',
  entry: 'cut',
  entryFrames: 1,
  note: '',
});

describe('montage joins (training/shots/make-montages.ts, exactJoins)', () => {
  const work = mkdtempSync(join(tmpdir(), 'lvu-montage-joins-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('puts every cut on its truth frame when a lavfi piece starts between two of its frames', () => {
    // 36.77 s falls between two frames at 25 fps (919.25): the rendered piece's timestamps go
    // 0, 0.08, 0.12 …, a gap that a join at a constant rate filled with a repeated frame, and
    // every later cut came one frame late (23.62 s starts its timestamps at 0.04).
    const pieces = [piece('lavfi:testsrc2', 36.77, 30), piece('lavfi:mandelbrot', 23.62, 20), piece('lavfi:testsrc2', 4.37, 25)];
    const files = pieces.map((_, i) => join(work, `p${i}.mkv`));
    pieces.forEach((p, i) => renderPiece(p, files[i]!, work, work));
    const out = join(work, 'joined.mp4');
    const plan = joinPieces(pieces, files, out, true);
    expect(plan.transitions).toEqual([
      { type: 'cut', frame: 30 },
      { type: 'cut', frame: 50 },
    ]);
    const joined = lumaFrames(out);
    expect(joined.length).toBe(plan.frames);
    const rendered = files.map(lumaFrames);
    expect(rendered.map((r) => r.length)).toEqual([30, 20, 25]);
    // Each frame of the montage is the planned frame of its piece (H.264 at crf 20 keeps ~1 grey level).
    let at = 0;
    rendered.forEach((frames) => {
      for (const f of frames) expect(diff(joined[at++]!, f)).toBeLessThan(2);
    });
    // And the two pieces differ, so a frame off would show.
    expect(diff(rendered[0]!.at(-1)!, rendered[1]![0]!)).toBeGreaterThan(10);
    expect(diff(rendered[1]!.at(-1)!, rendered[2]![0]!)).toBeGreaterThan(10);
  });
});

describe('seeded lavfi pieces (training/shots/make-montages.ts, seededLavfi)', () => {
  const work = mkdtempSync(join(tmpdir(), 'lvu-montage-seeds-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  const seeded = (source: string, fromSec: number, frames: number, lavfiSeed?: number): PieceSpec => ({
    ...piece(source, fromSec, frames),
    ...(lavfiSeed === undefined ? {} : { lavfiSeed }),
  });
  const render = (p: PieceSpec, name: string) => {
    const file = join(work, `${name}.mkv`);
    renderPiece(p, file, work, work);
    return lumaFrames(file);
  };

  it('renders a seeded random source the same every time, and an unseeded one anew', () => {
    for (const source of ['lavfi:life', 'lavfi:gradients']) {
      const [a, b] = [render(seeded(source, 2.4, 6, 41), 'a'), render(seeded(source, 2.4, 6, 41), 'b')];
      expect(a.length).toBe(6);
      a.forEach((f, i) => expect(diff(f, b[i]!)).toBe(0));
    }
    // Without a seed ffmpeg draws a new Game of Life on each run (a new random grid: ~20 grey levels apart at 64×36).
    const [c, d] = [render(seeded('lavfi:life', 2.4, 6), 'c'), render(seeded('lavfi:life', 2.4, 6), 'd')];
    expect(diff(c[0]!, d[0]!)).toBeGreaterThan(5);
  });

  it('reads the rendered run in the jump-cut test: no jump inside one seeded Game of Life is invisible', () => {
    const at = (fromSec: number, seed?: number) => seeded('lavfi:life', fromSec, 25, seed);
    // Piece two starts where piece one ends (2 s + 25 frames = 3 s): the run goes on, no jump.
    expect(pieceJumpVisibility(at(2, 7), at(3, 7), work, work, true).visible).toBe(false);
    // A jump of 5 s in the same run changes most cells at once.
    expect(pieceJumpVisibility(at(2, 7), at(8, 7), work, work, true).visible).toBe(true);
    // Unseeded, the test read two unrelated runs: the same "no jump" passed as a visible jump cut.
    expect(pieceJumpVisibility(at(2), at(3), work, work, true).visible).toBe(true);
  });

  it('reads a piece that ends within a second of its source start (float noise is no -ss exponent)', () => {
    // 0.4 s + 5 frames = 0.6 s: the frames before start at 0.6 − 15/25 = 1.1e-16 s, which printed
    // as "1.1102230246251565e-16" and ffmpeg's -ss refused (report-rm of the thirty-fifth pass).
    const prev = seeded('lavfi:life', 0.4, 5, 7);
    expect(() => pieceJumpVisibility(prev, seeded('lavfi:life', 6, 25, 7), work, work, true)).not.toThrow();
  });
});

describe('transform times (training/shots/make-montages.ts, exactTimes)', () => {
  const work = mkdtempSync(join(tmpdir(), 'lvu-montage-times-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  // A panned Mandelbrot set (a still picture but for its slow zoom): each step is the pan's.
  const panned = (exactTimes: boolean): PieceSpec => ({ ...piece('lavfi:mandelbrot', 0, 130), transform: 'pan', motionSec: 3, exactTimes });
  /** Each one-frame change over the median of the two steps either side of it. */
  const relativeSteps = (frames: Float32Array[]) => {
    const steps = frames.slice(1).map((f, i) => diff(frames[i]!, f));
    return steps.map((s, i) => {
      const near = [steps[i - 2], steps[i - 1], steps[i + 1], steps[i + 2]].filter((x) => x !== undefined).sort((a, b) => a - b);
      return s / ((near[Math.floor((near.length - 1) / 2)]! + near[Math.ceil((near.length - 1) / 2)]!) / 2);
    });
  };

  it('moves a pan by one frame of motion at every frame with exact times, and skipped frames without (setpts=N/25/TB rounds down)', () => {
    const render = (exactTimes: boolean) => {
      const file = join(work, `pan-${exactTimes}.mkv`);
      renderPiece(panned(exactTimes), file, work, work);
      return lumaFrames(file);
    };
    const exact = relativeSteps(render(true));
    expect(exact.length).toBe(129);
    // Leave out the pan's turns (0.75 s, then every 1.5 s), where it slows to nothing and whole-pixel crops alternate.
    const moving = exact.filter((_, i) => ![19, 56, 94, 131].some((turn) => Math.abs(i - turn) <= 8));
    expect(Math.min(...moving)).toBeGreaterThan(0.6);
    expect(Math.max(...moving)).toBeLessThan(1.4);
    const rounded = relativeSteps(render(false));
    // Frame 113 repeats frame 112's time (no motion), frame 120 moves twice.
    expect(rounded[112]!).toBeLessThan(0.3);
    expect(rounded[119]!).toBeGreaterThan(1.4);
  });
});
