import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { probe, VideoErrorCode } from '../../stages/video';
import { hasTestData, needsData, testData } from '../helpers/data';
import { ffmpeg, tempDir } from '../helpers/lavfi';
import { makeBadFiles } from './fixtures';

let dir: string;
let cleanup: () => Promise<void>;
let files: Record<string, string>;

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
  files = await makeBadFiles(dir);
});
afterAll(() => cleanup());

describe('probe: bad files get a stable code', () => {
  const cases: [string, string, RegExp][] = [
    ['missing file', 'does-not-exist.mp4', /does not exist/],
    ['text file', 'text.mp4', /not a video/],
    ['still image', 'image.png', /still image|not a video/],
    ['audio only', 'audio.wav', /audio only/],
    ['truncated, index lost', 'truncated-no-index.mp4', /truncated/],
    ['truncated, index intact', 'truncated-faststart.mp4', /truncated/],
    ['corrupt first frame', 'corrupt-first-frame.mp4', /does not decode/],
    ['zero frames', 'zero-frames.avi', /no frames/],
    ['unknown codec', 'unknown-codec.avi', /codec/],
    ['absurd dimensions', 'tiny.avi', /8×8/],
  ];
  const codes: Record<string, string> = {
    'missing file': VideoErrorCode.FileMissing,
    'text file': VideoErrorCode.NotAVideo,
    'still image': VideoErrorCode.NotAVideo,
    'audio only': VideoErrorCode.NotAVideo,
    'truncated, index lost': VideoErrorCode.Truncated,
    'truncated, index intact': VideoErrorCode.Truncated,
    'corrupt first frame': VideoErrorCode.Corrupt,
    'zero frames': VideoErrorCode.ZeroDuration,
    'unknown codec': VideoErrorCode.UnsupportedCodec,
    'absurd dimensions': VideoErrorCode.AbsurdDimensions,
  };
  it.each(cases)('%s → error with code and message', async (label, file, message) => {
    // Prepare
    const path = files[file] ?? join(dir, file);
    // Act
    const err = await probe(path).then(
      () => undefined,
      (e: unknown) => e as { code: string; message: string },
    );
    // Assess
    expect(err?.code).toBe(codes[label]);
    expect(err?.message).toMatch(message);
  });
});

describe('probe: good files', () => {
  it('reads size, fps, exact frame count and keyframes of a generated clip', async () => {
    const p = await probe(files['good.mp4']!);
    expect(p).toMatchObject({ width: 160, height: 120, fps: 25, frameCount: 50, codec: 'h264', rotation: 0, variableFrameRate: false });
    expect(p.keyframeFrames).toEqual([0, 10, 20, 30, 40]);
    expect(p.keyframeSecs[1]).toBeCloseTo(0.4, 6);
    expect(p.durationSec).toBeCloseTo(2, 6);
  });

  it('reports display rotation', async () => {
    const out = join(dir, 'rotated.mp4');
    await ffmpeg(['-i', files['good.mp4']!, '-c', 'copy', '-metadata:s:v:0', 'rotate=90', out]);
    expect((await probe(out)).rotation).toBe(90);
  });

  it('flags a variable frame rate', async () => {
    const out = join(dir, 'vfr.mkv');
    const pts = "setpts='if(lt(N,25),N*0.04,1+(N-25)*0.1)/TB'";
    await ffmpeg(['-f', 'lavfi', '-i', 'testsrc2=s=160x120:r=25:d=2', '-vf', pts, '-fps_mode', 'passthrough', '-c:v', 'mpeg4', out]);
    const p = await probe(out);
    expect(p.variableFrameRate).toBe(true);
    expect(p.frameCount).toBe(50);
  });

  const footage = [
    ['shots/shots_dev.mp4', { frameCount: 1337, fps: 25, width: 640, height: 360 }],
    ['tracking/PETS09-S2L1/vtest.avi', { frameCount: 795, width: 768, height: 576 }],
    ['tracking/TUD-Campus/TUD-Campus.mp4', { frameCount: 71, fps: 25, width: 640, height: 480 }],
  ] as const;
  for (const [rel, expected] of footage) {
    it.skipIf(!hasTestData(rel))(needsData(`real footage ${rel}`, rel), async () => {
      const p = await probe(testData(rel)!);
      expect(p).toMatchObject(expected);
      expect(p.keyframeFrames[0]).toBe(0);
    });
  }
});
