import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VideoProbe } from '../../core/contracts/video';
import { decodeFrames, planChunks, probe, type DecodeOutput } from '../../stages/video';
import { buildDecodeArgs, fastDecodeApplies } from '../../stages/video/filtergraph';
import { ffmpeg, tempDir } from '../helpers/lavfi';

const SOURCE = { width: 640, height: 360 };
const SHOTS: DecodeOutput = { name: 'shots', width: 64, height: 36, format: 'rgb24' };
const DETECTOR: DecodeOutput = { name: 'det', width: 512, height: 512, format: 'rgb24', fps: 5, fit: 'letterbox' };

describe('fastDecodeApplies: only when every output is tiny', () => {
  it.each([
    ['shot frames alone (64×36 of 640×360)', true, [SHOTS], SOURCE],
    ['several tiny outputs', true, [SHOTS, { ...SHOTS, name: 'gray', format: 'gray' as const, fps: 1 }], SOURCE],
    ['160×90, the largest tiny side', true, [{ ...SHOTS, width: 160, height: 90 }], SOURCE],
    ['shot frames with detector frames in the same pass', false, [SHOTS, DETECTOR], SOURCE],
    ['161 px wide', false, [{ ...SHOTS, width: 161, height: 90 }], { width: 1920, height: 1080 }],
    ['tiny but barely downscaled (64×36 of 160×90)', false, [SHOTS], { width: 160, height: 90 }],
    ['native size of a tiny source', false, [{ ...SHOTS, width: 64, height: 36 }], { width: 64, height: 36 }],
    ['no outputs', false, [], SOURCE],
  ])('%s → %s', (_label, expected, outputs, source) => {
    // Act
    const applies = fastDecodeApplies(outputs as DecodeOutput[], source);
    // Assess
    expect(applies).toBe(expected);
  });

  it.each([
    ['tiny outputs, threads unset', [SHOTS], undefined, { skip: true, filterThreads: '1' }],
    ['tiny outputs, 1 thread (chunk workers)', [SHOTS], 1, { skip: true, filterThreads: '1' }],
    ['shots + detector, threads unset', [SHOTS, DETECTOR], undefined, { skip: false, filterThreads: undefined }],
    ['shots + detector, 1 thread', [SHOTS, DETECTOR], 1, { skip: false, filterThreads: '1' }],
  ])('%s: deblocking skipped before the input only in fast mode; filter threads', (_label, outputs, threads, expected) => {
    // Prepare
    const probeOf = {
      ...SOURCE,
      fps: 25,
      frameCount: 100,
      keyframeFrames: [0],
      keyframeSecs: [0],
      startSec: 0,
      containerStartSec: 0,
    } as unknown as VideoProbe;
    // Act
    const args = buildDecodeArgs('in.mp4', probeOf, 0, 100, outputs, threads);
    // Assess
    const skip = args.indexOf('-skip_loop_filter');
    expect(skip >= 0).toBe(expected.skip);
    if (expected.skip) {
      expect(args[skip + 1]).toBe('bidir');
      expect(skip).toBeLessThan(args.indexOf('-i'));
    }
    const ft = args.indexOf('-filter_complex_threads');
    expect(ft >= 0 ? args[ft + 1] : undefined).toBe(expected.filterThreads);
  });
});

/** A lavfi source as H.264 with deblocking on (`veryfast`), at quantiser `crf`, a keyframe every `gop` frames. */
function encodeDeblocked(source: string, crf: number, gop: number, out: string): Promise<void> {
  return ffmpeg([
    '-f',
    'lavfi',
    '-i',
    source,
    '-c:v',
    'libx264',
    '-preset',
    'veryfast',
    '-crf',
    String(crf),
    '-pix_fmt',
    'yuv420p',
    '-g',
    String(gop),
    out,
  ]);
}

describe('fast decode on a deblocked H.264 clip', () => {
  let cleanup: () => Promise<void>;
  let dir: string;
  let clip: string;
  let clipProbe: VideoProbe;
  const TINY: DecodeOutput = { name: 'tiny', width: 48, height: 27, format: 'rgb24' };
  const BIG: DecodeOutput = { name: 'big', width: 320, height: 180, format: 'gray', fps: 5 };

  beforeAll(async () => {
    ({ dir, cleanup } = await tempDir());
    // `ultrafast` (lavfiVideo's preset) turns deblocking off; `veryfast` keeps it on, at a
    // quantiser high enough for the loop filter to change pixels.
    clip = join(dir, 'deblocked.mp4');
    await encodeDeblocked('testsrc2=s=320x180:r=25:d=4', 35, 30, clip);
    clipProbe = await probe(clip);
  });
  afterAll(() => cleanup());

  async function hashes(outputs: DecodeOutput[], start = 0, end = clipProbe.frameCount): Promise<Map<number, string>> {
    const out = new Map<number, string>();
    for await (const { output, frame } of decodeFrames({
      path: clip,
      probe: clipProbe,
      startFrame: start,
      endFrame: end,
      outputs,
      threads: 1,
    })) {
      if (output === TINY.name) out.set(frame.index, createHash('sha1').update(frame.data).digest('hex'));
    }
    return out;
  }

  it('skips deblocking for tiny outputs alone, not when a larger output shares the pass', async () => {
    // Act
    const alone = await hashes([TINY]);
    const shared = await hashes([TINY, BIG]);
    // Assess: same frames, but some pixels differ (the exact decode deblocks)
    expect([...alone.keys()]).toEqual([...shared.keys()]);
    expect([...alone].filter(([i, h]) => shared.get(i) !== h).length).toBeGreaterThan(0);
  });

  it('does not drift through a fade: no step at the next keyframe that the exact decode lacks', async () => {
    // Prepare: a mandelbrot zoom fading in over 1.2 s, keyframes every 50 frames. With deblocking
    // skipped on every frame (`-skip_loop_filter all`, before), the P-frames after the fade drift
    // (4.9 grey levels at 64×36) and the keyframe at frame 50 snaps back by a 3-grey-level step.
    const faded = join(dir, 'faded.mp4');
    await encodeDeblocked('mandelbrot=s=320x180:r=25,trim=duration=4,fade=t=in:st=0.5:d=1.2', 20, 50, faded);
    const fadedProbe = await probe(faded);
    expect(fadedProbe.keyframeFrames).toContain(50);
    const SHOT: DecodeOutput = { name: 'shot', width: 64, height: 36, format: 'rgb24' };
    const frames = async (outputs: DecodeOutput[]) => {
      const out: Uint8Array[] = [];
      for await (const { output, frame } of decodeFrames({ path: faded, probe: fadedProbe, outputs, threads: 1 })) {
        if (output === SHOT.name) out.push(Uint8Array.from(frame.data));
      }
      return out;
    };
    const meanAbs = (a: Uint8Array, b: Uint8Array) => a.reduce((s, v, i) => s + Math.abs(v - b[i]!), 0) / a.length;
    // Act: the fast decode (shot frames alone) and the exact one (a larger output beside them)
    const fast = await frames([SHOT]);
    const exact = await frames([SHOT, BIG]);
    // Assess
    expect(fast.length).toBe(exact.length);
    const drift = Math.max(...fast.map((f, i) => meanAbs(f, exact[i]!)));
    expect(drift).toBeLessThan(0.5);
    for (const k of fadedProbe.keyframeFrames.filter((k) => k > 0 && k < fast.length)) {
      const extra = meanAbs(fast[k]!, fast[k - 1]!) - meanAbs(exact[k]!, exact[k - 1]!);
      expect(Math.abs(extra), `step at keyframe ${k}`).toBeLessThan(0.5);
    }
  });

  it('chunked fast decodes equal the full fast decode frame for frame', async () => {
    // Prepare
    const full = await hashes([TINY]);
    // Act + Assess
    for (const c of planChunks(clipProbe, { chunkSec: 1.3, overlapSec: 0.3 }).chunks) {
      for (const [index, hash] of await hashes([TINY], c.decodeStartFrame, c.decodeEndFrame)) {
        expect(hash, `frame ${index} of chunk ${c.index}`).toBe(full.get(index));
      }
    }
  });
});
