import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VideoProbe } from '../../core/contracts/video';
import { decodeFrames, probe, VideoErrorCode, type DecodeOutput } from '../../stages/video';
import { decodeSegments } from '../../stages/video/decode';
import { summarisePackets, type Packet } from '../../stages/video/packets';
import { MAX_AHEAD_BYTES, MIN_SEGMENT_SEC, planSegments } from '../../stages/video/segments';
import { ffmpeg, tempDir } from '../helpers/lavfi';

/** Keyframes every `gop` frames from 0 to below `count`. */
const every = (gop: number, count: number) => Array.from({ length: Math.ceil(count / gop) }, (_, i) => i * gop);

describe('planSegments: keyframe-aligned segments of a decode range', () => {
  const base = { start: 0, end: 1337, keyframes: every(50, 1337), fps: 25, bytesPerFrame: 64 * 36 * 3 };

  it('keeps one segment for one lane, a short range, or no keyframe inside the range', () => {
    expect(planSegments({ ...base, lanes: 1 })).toEqual([[0, 1337]]);
    // 2 × MIN_SEGMENT_SEC × 25 fps = 200 frames are needed for two segments.
    expect(planSegments({ ...base, end: 199, lanes: 2 })).toEqual([[0, 199]]);
    expect(planSegments({ ...base, keyframes: [0], lanes: 2 })).toEqual([[0, 1337]]);
  });

  it('splits at the keyframe nearest each equal share', () => {
    // Targets round(1337 / 2) = 669 → keyframe 650; for 3 lanes 446 → 450 and 891 → 900.
    expect(planSegments({ ...base, lanes: 2 })).toEqual([
      [0, 650],
      [650, 1337],
    ]);
    expect(planSegments({ ...base, lanes: 3 })).toEqual([
      [0, 450],
      [450, 900],
      [900, 1337],
    ]);
    // A range that starts off a keyframe keeps its start; 100 + round(1000 / 2) = 600 is a keyframe.
    expect(planSegments({ ...base, start: 100, end: 1100, lanes: 2 })).toEqual([
      [100, 600],
      [600, 1100],
    ]);
  });

  it('never makes a segment shorter than MIN_SEGMENT_SEC', () => {
    const minFrames = MIN_SEGMENT_SEC * 25;
    // 8 lanes over 1337 frames would be 167 frames each; at most 13 segments of ≥ 100 frames fit.
    const segs = planSegments({ ...base, lanes: 8, keyframes: every(7, 1337) });
    expect(segs).toHaveLength(8);
    for (const [s, e] of segs) expect(e - s).toBeGreaterThanOrEqual(minFrames);
    // Keyframes only near the ends: no boundary leaves a short piece.
    expect(planSegments({ ...base, lanes: 2, keyframes: [0, 20, 1300] })).toEqual([[0, 1337]]);
  });

  it('makes more segments than lanes when one would hold too many bytes, tiling the range on keyframes', () => {
    // 1 MB frames on 2 lanes: 32 fit in MAX_AHEAD_BYTES ÷ 2, but MIN_SEGMENT_SEC (100 frames) wins: 13 segments.
    const bytesPerFrame = 1024 * 1024;
    const segs = planSegments({ ...base, lanes: 2, keyframes: every(10, 1337), bytesPerFrame });
    expect(MAX_AHEAD_BYTES / 2 / bytesPerFrame).toBe(32);
    expect(segs).toHaveLength(13);
    expect(segs[0]![0]).toBe(0);
    expect(segs[segs.length - 1]![1]).toBe(1337);
    for (let i = 1; i < segs.length; i++) {
      expect(segs[i]![0]).toBe(segs[i - 1]![1]);
      expect(segs[i]![0] % 10).toBe(0);
    }
    // 100-KB frames: a lane's share holds 327 → ceil(1337 / 327) = 5 segments for 2 lanes; 4 lanes: 163 → 9.
    const mid = { ...base, keyframes: every(10, 1337), bytesPerFrame: 100 * 1024 };
    expect(planSegments({ ...mid, lanes: 2 })).toHaveLength(5);
    expect(planSegments({ ...mid, lanes: 4 })).toHaveLength(9);
  });
});

describe('segments of equal decoding work', () => {
  const base = { start: 0, end: 1000, keyframes: every(50, 1000), fps: 25, lanes: 2, bytesPerFrame: 64 * 36 * 3 };

  it('splits where half the compressed bytes lie, not half the frames', () => {
    // 20 keyframe intervals: 10 of 1000 bytes, then 10 of 3000. Half the work (20000) lies
    // 3.33 intervals into the second half: keyframe 650 (19000 before it) is nearest.
    const keyframeBytes = [...Array(10).fill(1000), ...Array(10).fill(3000)];
    expect(planSegments({ ...base, work: { keyframeBytes, frameCount: 1000, pixels: 0 } })).toEqual([
      [0, 650],
      [650, 1000],
    ]);
    // Pixels count too: at 1e6 pixels a frame weighs 3600 bytes, far more than its share of the
    // bitstream, so half the work (1 820 000) lies near frame 500 (1 810 000 before it; 550: 1 993 000).
    expect(planSegments({ ...base, work: { keyframeBytes, frameCount: 1000, pixels: 1e6 } })).toEqual([
      [0, 500],
      [500, 1000],
    ]);
    // Uniform bytes: the same as equal frames.
    expect(planSegments({ ...base, work: { keyframeBytes: Array(20).fill(2000), frameCount: 1000, pixels: 0 } })).toEqual(
      planSegments(base),
    );
  });

  it('the probe records the bytes from each keyframe to the next in presentation order', () => {
    // Decode order I0 P3 B1 B2 I4 B5 (pts in frames at 25 fps): keyframes at 0 and 4.
    const pkt = (pts: number, size: number, keyframe = false): Packet => ({
      ptsSec: pts / 25,
      dtsSec: NaN,
      durationSec: 0.04,
      keyframe,
      pos: 0,
      size,
    });
    const summary = summarisePackets([pkt(0, 100, true), pkt(3, 50), pkt(1, 10), pkt(2, 20), pkt(4, 200, true), pkt(5, 7)], 1e6, 25);
    expect(summary.keyframeFrames).toEqual([0, 4]);
    expect(summary.keyframeBytes).toEqual([180, 207]);
  });
});

describe('segmented decoding (tiny outputs, several threads)', () => {
  let cleanup: () => Promise<void>;
  let clip: string;
  let clipProbe: VideoProbe;
  // Both tiny (≤ 160 px, ≥ 4× smaller per axis): fast decode and segments apply.
  const TINY: DecodeOutput[] = [
    { name: 'tiny', width: 48, height: 27, format: 'rgb24' },
    { name: 'tiny-2fps', width: 32, height: 18, format: 'gray', fps: 2 },
  ];

  beforeAll(async () => {
    let dir: string;
    ({ dir, cleanup } = await tempDir());
    // 16 s, keyframe every 30 frames, deblocking on (so skipped deblocking drifts pixels).
    clip = join(dir, 'long.mp4');
    await ffmpeg([
      '-f',
      'lavfi',
      '-i',
      'testsrc2=s=320x180:r=25:d=16',
      '-c:v',
      'libx264',
      '-preset',
      'veryfast',
      '-crf',
      '35',
      '-pix_fmt',
      'yuv420p',
      '-g',
      '30',
      clip,
    ]);
    clipProbe = await probe(clip);
  });
  afterAll(() => cleanup());

  async function decodeAll(opts: {
    threads?: number;
    split?: boolean;
    path?: string;
    p?: VideoProbe;
  }): Promise<{ order: string[]; hashes: Map<string, string> }> {
    const order: string[] = [];
    const hashes = new Map<string, string>();
    const req = {
      path: opts.path ?? clip,
      probe: opts.p ?? clipProbe,
      outputs: TINY,
      ...(opts.threads ? { threads: opts.threads } : {}),
      ...(opts.split === false ? { splitAtKeyframes: false } : {}),
    };
    for await (const { output, frame } of decodeFrames(req)) {
      order.push(`${output}:${frame.index}`);
      hashes.set(`${output}:${frame.index}`, createHash('sha1').update(frame.data).digest('hex'));
    }
    return { order, hashes };
  }

  it('yields the same frames, per output in order, as one ffmpeg over the whole range', async () => {
    // Prepare: 400 frames, 3 lanes → 3 segments of ≥ 100 frames
    expect(decodeSegments({ path: clip, probe: clipProbe, outputs: TINY, threads: 3 })).toEqual([
      [0, 120],
      [120, 270],
      [270, 400],
    ]);
    const one = await decodeAll({ split: false });
    // Act
    const three = await decodeAll({ threads: 3 });
    // Assess
    for (const name of ['tiny', 'tiny-2fps']) {
      const indices = (o: string[]) => o.filter((k) => k.startsWith(`${name}:`)).map((k) => Number(k.split(':')[1]));
      expect(indices(three.order)).toEqual(indices(one.order));
    }
    expect(one.order.filter((k) => k.startsWith('tiny:'))).toHaveLength(400);
    expect(one.order.filter((k) => k.startsWith('tiny-2fps:'))).toHaveLength(32);
    for (const [key, hash] of one.hashes) expect(three.hashes.get(key), key).toBe(hash);
  });

  it('splits only passes whose outputs are all tiny, with several threads', () => {
    const big: DecodeOutput = { name: 'det', width: 160, height: 90, format: 'rgb24', fps: 5 };
    expect(decodeSegments({ path: clip, probe: clipProbe, outputs: TINY, threads: 2 })).toHaveLength(2);
    expect(decodeSegments({ path: clip, probe: clipProbe, outputs: TINY, threads: 1 })).toEqual([[0, 400]]);
    expect(decodeSegments({ path: clip, probe: clipProbe, outputs: TINY, threads: 2, splitAtKeyframes: false })).toEqual([[0, 400]]);
    expect(decodeSegments({ path: clip, probe: clipProbe, outputs: [...TINY, big], threads: 2 })).toEqual([[0, 400]]);
  });

  it('aborts every running segment with code ABORTED', async () => {
    const ac = new AbortController();
    const run = async () => {
      for await (const { frame } of decodeFrames({ path: clip, probe: clipProbe, outputs: TINY, threads: 3, signal: ac.signal })) {
        if (frame.index === 20) ac.abort();
      }
    };
    await expect(run()).rejects.toMatchObject({ code: VideoErrorCode.Aborted });
  });

  it('fails with VIDEO_CORRUPT when a later segment is damaged', async () => {
    // Prepare: zero the last fifth of the media data (the index at the end stays intact).
    const bytes = new Uint8Array(await readFile(clip));
    const moovAtEnd = Buffer.from(bytes).lastIndexOf('moov');
    expect(moovAtEnd).toBeGreaterThan(0);
    const damaged = Uint8Array.from(bytes);
    damaged.fill(0, Math.floor(moovAtEnd * 0.8), moovAtEnd - 8);
    const bad = clip.replace('long.mp4', 'damaged.mp4');
    await writeFile(bad, damaged);
    const badProbe = await probe(bad);
    // Act
    const err = await decodeAll({ threads: 3, path: bad, p: badProbe }).then(
      () => undefined,
      (e: { code?: string; message?: string }) => e,
    );
    // Assess: the last segment's frames are missing
    expect(err?.code).toBe(VideoErrorCode.Corrupt);
    expect(err?.message).toMatch(/decoding stopped early/);
  });
});
