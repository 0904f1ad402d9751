import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { joinPieces, renderPiece } from '../../training/shots/make-montages';
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
