import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { open, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VideoProbe } from '../../core/contracts/video';
import { planAnalysis } from '../../stages/pipeline';
import { decodeFrames, probe, type DecodeOutput } from '../../stages/video';
import { chunkSourceRanges, mergeRanges, rangeBytes, type ByteRange } from '../../stages/video/source-ranges';
import { REPO_ROOT } from '../helpers/data';
import { ffmpeg, tempDir } from '../helpers/lavfi';

const OUTPUTS: DecodeOutput[] = [
  { name: 'shots', width: 64, height: 36, format: 'gray' },
  { name: 'det', width: 160, height: 90, format: 'rgb24', fps: 5 },
];

/** A copy of `path` holding only `ranges` (zeros elsewhere, same size): what a ranged read gives ffmpeg. */
async function sparseCopy(path: string, ranges: ByteRange[], out: string): Promise<string> {
  const src = await open(path, 'r');
  const dst = await open(out, 'w');
  try {
    await dst.truncate((await src.stat()).size);
    for (const [a, b] of ranges) {
      const buf = Buffer.alloc(b - a);
      await src.read(buf, 0, b - a, a);
      await dst.write(buf, 0, b - a, a);
    }
  } finally {
    await src.close();
    await dst.close();
  }
  return out;
}

/** One hash per output over the frames of [start, end). */
async function decodeHashes(path: string, p: VideoProbe, start: number, end: number): Promise<Record<string, string>> {
  const hashes = Object.fromEntries(OUTPUTS.map((o) => [o.name, createHash('sha256')]));
  let frames = 0;
  for await (const { output, frame } of decodeFrames({ path, probe: p, startFrame: start, endFrame: end, outputs: OUTPUTS, threads: 2 })) {
    hashes[output]!.update(frame.data);
    frames++;
  }
  return { frames: String(frames), ...Object.fromEntries(Object.entries(hashes).map(([k, h]) => [k, h.digest('hex')])) };
}

describe('ranged source reads: a chunk decodes from only the bytes its range needs', () => {
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  const files: Record<string, string> = {};
  beforeAll(async () => {
    tmp = await tempDir('source-ranges-');
    // B-frames (veryfast keeps them), audio interleaved, index at the end; and the same with the index first.
    const common = [
      '-f',
      'lavfi',
      '-i',
      'testsrc2=s=320x180:r=25:d=24',
      '-f',
      'lavfi',
      '-i',
      'sine=d=24',
      '-c:v',
      'libx264',
      '-preset',
      'veryfast',
      '-bf',
      '3',
      '-g',
      '50',
      '-pix_fmt',
      'yuv420p',
      '-c:a',
      'aac',
      '-shortest',
    ];
    files['moov at the end, B-frames, audio'] = join(tmp.dir, 'tail.mp4');
    await ffmpeg([...common, files['moov at the end, B-frames, audio']!]);
    files['moov first (faststart)'] = join(tmp.dir, 'fast.mp4');
    await ffmpeg([...common, '-movflags', '+faststart', files['moov first (faststart)']!]);
    files['open GOP, no B-pyramid'] = join(tmp.dir, 'opengop.mp4');
    await ffmpeg([
      ...common.slice(0, 8),
      '-c:v',
      'libx264',
      '-preset',
      'fast',
      '-x264-params',
      'open-gop=1:b-pyramid=0',
      '-g',
      '40',
      '-pix_fmt',
      'yuv420p',
      '-an',
      files['open GOP, no B-pyramid']!,
    ]);
    const demo = join(REPO_ROOT, 'samples', 'demo.mp4');
    if (existsSync(demo)) files['the real sample footage'] = demo;
  });
  afterAll(() => tmp.cleanup());

  it.each(['moov at the end, B-frames, audio', 'moov first (faststart)', 'open GOP, no B-pyramid', 'the real sample footage'])(
    '%s: every chunk of a 10-s plan decodes byte-identical frames from a sparse copy of its ranges',
    async (name) => {
      // Prepare
      const path = files[name];
      expect(path, `fixture ${name}`).toBeDefined();
      const p = await probe(path!);
      const plan = planAnalysis(p, { chunkSec: 10, overlapSec: 2 });
      expect(p.indexRanges?.length).toBeGreaterThan(0);
      let read = 0;
      for (const chunk of plan.chunks) {
        // Act
        const ranges = chunkSourceRanges(p, chunk);
        expect(ranges).toBeDefined();
        read += rangeBytes(ranges!);
        const sparse = await sparseCopy(path!, ranges!, join(tmp.dir, `sparse-${chunk.index}.mp4`));
        const [whole, partial] = await Promise.all([
          decodeHashes(path!, p, chunk.decodeStartFrame, chunk.decodeEndFrame),
          decodeHashes(sparse, p, chunk.decodeStartFrame, chunk.decodeEndFrame),
        ]);
        // Assess
        expect(partial, `chunk ${chunk.index}`).toEqual(whole);
        expect(Number(whole.frames)).toBeGreaterThan(0);
      }
      expect(plan.chunks.length).toBeGreaterThan(1);
      // The chunks overlap (the shot detector's context), so together they decode more than
      // the file; the ranges add only keyframe rounding and the index on top of that.
      const decoded = plan.chunks.reduce((n, c) => n + c.decodeEndFrame - c.decodeStartFrame, 0) / p.frameCount;
      expect(read / p.bytes).toBeLessThanOrEqual(decoded + 0.5);
    },
  );

  it('a 10-minute video of real footage in the default 60-s chunks: all chunk tasks together read ≤ 1.3× the file', async () => {
    // Prepare: the sample footage 16 times over (stream copy, ~10 min)
    const demo = join(REPO_ROOT, 'samples', 'demo.mp4');
    const list = join(tmp.dir, 'list.txt');
    await writeFile(list, Array.from({ length: 16 }, () => `file '${demo}'`).join('\n'));
    const long = join(tmp.dir, 'long.mp4');
    await ffmpeg(['-f', 'concat', '-safe', '0', '-i', list, '-c', 'copy', long]);
    const p = await probe(long);
    // Act
    const plan = planAnalysis(p, {});
    const read = plan.chunks.reduce((n, c) => n + rangeBytes(chunkSourceRanges(p, c)!), 0);
    // Assess
    expect(p.durationSec).toBeGreaterThan(590);
    expect(plan.chunks.length).toBeGreaterThanOrEqual(9);
    expect(read / p.bytes).toBeLessThanOrEqual(1.3);
  });

  it('a chunk reads much less than the whole file', async () => {
    // Prepare
    const p = await probe(files['moov at the end, B-frames, audio']!);
    const plan = planAnalysis(p, { chunkSec: 5, overlapSec: 2 });
    // Act
    const middle = chunkSourceRanges(p, plan.chunks[2]!)!;
    // Assess: index + its decode range (5 s owned + the overlaps) of the 24 s
    expect(rangeBytes(middle) / p.bytes).toBeLessThan(0.8);
    expect(rangeBytes(middle)).toBeLessThan(rangeBytes(chunkSourceRanges(p, { decodeStartFrame: 0, decodeEndFrame: p.frameCount })!));
  });

  it('containers whose index is not an MP4 box are read whole (no ranges)', async () => {
    // Prepare
    const avi = join(tmp.dir, 'clip.avi');
    await ffmpeg(['-f', 'lavfi', '-i', 'testsrc2=s=160x120:r=25:d=4', '-c:v', 'mpeg4', avi]);
    // Act
    const p = await probe(avi);
    // Assess
    expect(p.indexRanges).toBeUndefined();
    expect(chunkSourceRanges(p, { decodeStartFrame: 0, decodeEndFrame: 50 })).toBeUndefined();
  });

  it('older probes without spans mean a full read', async () => {
    const p = await probe(files['moov first (faststart)']!);
    const { keyframeSpans: _spans, ...old } = p;
    expect(chunkSourceRanges(old as VideoProbe, { decodeStartFrame: 0, decodeEndFrame: 50 })).toBeUndefined();
  });

  it.each([
    [
      'disjoint stay apart',
      [
        [10, 20],
        [0, 5],
      ],
      [
        [0, 5],
        [10, 20],
      ],
    ],
    [
      'overlapping and touching join',
      [
        [0, 10],
        [5, 15],
        [15, 18],
      ],
      [[0, 18]],
    ],
    [
      'empty ranges vanish',
      [
        [4, 4],
        [1, 2],
      ],
      [[1, 2]],
    ],
  ] as [string, ByteRange[], ByteRange[]][])('mergeRanges: %s', (_label, input, expected) => {
    expect(mergeRanges(input)).toEqual(expected);
  });

  it('the sparse copy really is missing the other bytes (the test above can fail)', async () => {
    // Prepare
    const path = files['moov at the end, B-frames, audio']!;
    const p = await probe(path);
    const plan = planAnalysis(p, { chunkSec: 5, overlapSec: 2 });
    const ranges = chunkSourceRanges(p, plan.chunks[0]!)!;
    const sparse = await sparseCopy(path, ranges, join(tmp.dir, 'first-only.mp4'));
    // Act: decoding the LAST chunk from the first chunk's bytes cannot give the same frames
    const last = plan.chunks[plan.chunks.length - 1]!;
    const whole = await decodeHashes(path, p, last.decodeStartFrame, last.decodeEndFrame);
    const wrong = await decodeHashes(sparse, p, last.decodeStartFrame, last.decodeEndFrame).catch((err: Error) => ({ error: err.message }));
    // Assess
    expect(wrong).not.toEqual(whole);
    expect((await readFile(sparse)).length).toBe(p.bytes);
  });
});
