import { describe, expect, it } from 'vitest';
import type { VideoProbe } from '../../core/contracts/video';
import { planChunks } from '../../stages/video';

function fakeProbe(frameCount: number, fps: number, keyframeFrames: number[]): VideoProbe {
  return {
    container: 'mp4',
    codec: 'h264',
    width: 640,
    height: 360,
    rotation: 0,
    fps,
    variableFrameRate: false,
    durationSec: frameCount / fps,
    frameCount,
    frameCountExact: true,
    timeBase: { num: 1, den: 12800 },
    startSec: 0,
    containerStartSec: 0,
    keyframeFrames,
    keyframeSecs: keyframeFrames.map((k) => k / fps),
    hasAudio: false,
    bytes: 1,
  };
}

describe('planChunks', () => {
  it.each([
    [
      'keyframes every 2 s',
      fakeProbe(
        3000,
        25,
        Array.from({ length: 60 }, (_, i) => i * 50),
      ),
    ],
    [
      'keyframes every 12 s (sparse)',
      fakeProbe(
        3000,
        25,
        Array.from({ length: 10 }, (_, i) => i * 300),
      ),
    ],
    ['only the first keyframe', fakeProbe(3000, 25, [0])],
    ['29.97 fps, irregular keyframes', fakeProbe(5000, 30000 / 1001, [0, 37, 400, 1201, 1790, 2400, 3599, 4100])],
  ])('%s: owned ranges tile the video, decode ranges start on keyframes and cover the overlap', (_l, probe) => {
    const plan = planChunks(probe, { chunkSec: 20, overlapSec: 2 });
    const overlap = Math.ceil(2 * probe.fps);
    expect(plan.chunks[0]!.startFrame).toBe(0);
    expect(plan.chunks.at(-1)!.endFrame).toBe(probe.frameCount);
    plan.chunks.forEach((c, i) => {
      if (i > 0) expect(c.startFrame).toBe(plan.chunks[i - 1]!.endFrame);
      expect(probe.keyframeFrames).toContain(c.decodeStartFrame);
      expect(c.decodeStartFrame).toBeLessThanOrEqual(Math.max(0, c.startFrame - overlap));
      expect(c.decodeEndFrame).toBe(Math.min(probe.frameCount, c.endFrame + overlap));
    });
  });

  it('snaps owned boundaries to nearby keyframes', () => {
    const plan = planChunks(fakeProbe(3000, 25, [0, 480, 1010, 1500, 2040]), { chunkSec: 20, overlapSec: 0 });
    expect(plan.chunks.map((c) => c.startFrame)).toEqual([0, 480, 1010, 1500, 2040, 2500]); // no keyframe near 2500: the raw target
  });

  it('merges a tiny last chunk into the one before', () => {
    const plan = planChunks(fakeProbe(1010, 25, [0]), { chunkSec: 20, overlapSec: 0 });
    expect(plan.chunks.map((c) => [c.startFrame, c.endFrame])).toEqual([
      [0, 500],
      [500, 1010],
    ]);
  });

  it.each([
    [{ chunkSec: 0 }, /chunkSec/],
    [{ overlapSec: -1 }, /overlapSec/],
    [{ chunkSec: 'ten' }, /chunkSec/],
    [{ chunkSecs: 10 }, /chunkSecs|Unrecognized/],
  ])('rejects bad options %j with the field named', (opts, msg) => {
    expect(() => planChunks(fakeProbe(100, 25, [0]), opts as never)).toThrow(msg);
  });
});
