import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { VideoProbe } from '../../core/contracts/video';
import { decodeFrames, planChunks, probe, selectedFrames, VideoErrorCode, type DecodeOutput } from '../../stages/video';
import { hasTestData, needsData, testData } from '../helpers/data';
import { lavfiVideo, tempDir } from '../helpers/lavfi';
import { makeBadFiles } from './fixtures';

let dir: string;
let cleanup: () => Promise<void>;
let clip: string;
let clipProbe: VideoProbe;

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
  // 6 s at 25 fps, keyframe every 30 frames (not aligned with seconds), moving content.
  clip = await lavfiVideo(join(dir, 'clip.mp4'), 'testsrc2=s=320x180:r=25:d=6', { gop: 30 });
  clipProbe = await probe(clip);
});
afterAll(() => cleanup());

const SHOTS_DEV = 'shots/shots_dev.mp4';
const OUTPUTS: DecodeOutput[] = [
  { name: 'tiny', width: 64, height: 36, format: 'gray' },
  { name: 'det', width: 160, height: 90, format: 'rgb24', fps: 5 },
  { name: 'feat', width: 32, height: 32, format: 'rgb24', fps: 1, fit: 'letterbox' },
];

async function decodeHashes(path: string, p: VideoProbe, start: number, end: number): Promise<Map<string, string>> {
  const hashes = new Map<string, string>();
  for await (const { output, frame } of decodeFrames({ path, probe: p, startFrame: start, endFrame: end, outputs: OUTPUTS, threads: 1 })) {
    hashes.set(`${output}:${frame.index}`, createHash('sha1').update(frame.data).digest('hex'));
  }
  return hashes;
}

describe('decodeFrames: one pass, several outputs', () => {
  it('delivers every output with the planned indices, sizes and seconds', async () => {
    // Act
    const seen = new Map<string, number[]>();
    for await (const { output, frame } of decodeFrames({ path: clip, probe: clipProbe, outputs: OUTPUTS })) {
      const o = OUTPUTS.find((x) => x.name === output)!;
      expect(frame.data.length).toBe(o.width * o.height * (o.format === 'gray' ? 1 : 3));
      expect(frame.sec).toBeCloseTo(frame.index / 25, 9);
      seen.set(output, [...(seen.get(output) ?? []), frame.index]);
    }
    // Assess
    expect(seen.get('tiny')).toEqual(Array.from({ length: 150 }, (_, i) => i));
    expect(seen.get('det')).toEqual(Array.from({ length: 30 }, (_, i) => i * 5));
    expect(seen.get('feat')).toEqual([0, 25, 50, 75, 100, 125]);
  });

  it('selects the first frame of each interval for non-integer rate ratios', () => {
    expect(selectedFrames(0, 10, 30000 / 1001, 4)).toEqual([0, 8]);
    expect(selectedFrames(7, 16, 10, 3)).toEqual([7, 10, 14]);
  });

  it('decodes pixel values correctly (solid grey)', async () => {
    const grey = await lavfiVideo(join(dir, 'grey.mp4'), 'color=c=0x808080:s=64x64:r=10:d=1', { codec: 'mpeg4' });
    const frames = [];
    for await (const d of decodeFrames({
      path: grey,
      probe: await probe(grey),
      outputs: [{ name: 'g', width: 8, height: 8, format: 'gray' }],
    }))
      frames.push(d);
    expect(frames).toHaveLength(10);
    const mean = frames[5]!.frame.data.reduce((a, b) => a + b, 0) / 64;
    expect(Math.abs(mean - 128)).toBeLessThan(4);
  });

  it('keeps every frame and its order when the consumer is slow (backpressure)', async () => {
    const indices: number[] = [];
    for await (const { frame } of decodeFrames({ path: clip, probe: clipProbe, outputs: [OUTPUTS[0]!], maxQueuedFrames: 2 })) {
      if (frame.index % 10 === 0) await new Promise((r) => setTimeout(r, 20));
      indices.push(frame.index);
    }
    expect(indices).toEqual(Array.from({ length: 150 }, (_, i) => i));
  });

  it('stops ffmpeg when aborted, with code ABORTED', async () => {
    const ac = new AbortController();
    const run = async () => {
      for await (const { frame } of decodeFrames({ path: clip, probe: clipProbe, outputs: OUTPUTS, signal: ac.signal })) {
        if (frame.index === 20) ac.abort();
      }
    };
    await expect(run()).rejects.toMatchObject({ code: VideoErrorCode.Aborted });
  });

  it('fails with VIDEO_CORRUPT and ffmpeg stderr when the middle of the stream is damaged', async () => {
    const bad = (await makeBadFiles(join(dir)))['corrupt-middle.mp4']!;
    const p = await probe(bad);
    const run = async () => {
      for await (const _ of decodeFrames({ path: bad, probe: p, outputs: [OUTPUTS[0]!] })) void _;
    };
    const err = await run().then(
      () => undefined,
      (e: { code: string; details?: { stderr?: string } }) => e,
    );
    expect(err?.code).toBe(VideoErrorCode.Corrupt);
    expect(err?.details?.stderr).toMatch(/\S/);
  });

  it('rejects a frame range outside the video', async () => {
    const run = async () => {
      for await (const _ of decodeFrames({ path: clip, probe: clipProbe, startFrame: 100, endFrame: 151, outputs: OUTPUTS })) void _;
    };
    await expect(run()).rejects.toThrow(/invalid frame range/);
  });
});

describe('chunked decoding is frame-exact', () => {
  it.each([
    ['2 s chunks, 0.5 s overlap', 2, 0.5],
    ['1.3 s chunks (seams between keyframes), 0.3 s overlap', 1.3, 0.3],
    ['one chunk', 60, 1],
  ])('%s: every frame of every chunk equals the full decode', async (_label, chunkSec, overlapSec) => {
    // Prepare
    const full = await decodeHashes(clip, clipProbe, 0, clipProbe.frameCount);
    const plan = planChunks(clipProbe, { chunkSec, overlapSec });
    // Act
    const owned = new Map<string, string>();
    for (const c of plan.chunks) {
      const got = await decodeHashes(clip, clipProbe, c.decodeStartFrame, c.decodeEndFrame);
      for (const [k, v] of got) {
        expect(v, `${k} of chunk ${c.index}`).toBe(full.get(k));
        const index = Number(k.split(':')[1]);
        if (index >= c.startFrame && index < c.endFrame) owned.set(k, v);
      }
    }
    // Assess: owned ranges together give exactly the full decode
    expect(owned).toEqual(full);
  });

  it.skipIf(!hasTestData(SHOTS_DEV))(needsData('real footage: 10 s chunks of shots_dev.mp4 match the full decode', SHOTS_DEV), async () => {
    const path = testData(SHOTS_DEV)!;
    const p = await probe(path);
    const full = await decodeHashes(path, p, 0, p.frameCount);
    let compared = 0;
    for (const c of planChunks(p, { chunkSec: 10, overlapSec: 1 }).chunks) {
      for (const [k, v] of await decodeHashes(path, p, c.decodeStartFrame, c.decodeEndFrame)) {
        expect(v, k).toBe(full.get(k));
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(full.size);
  });
});
