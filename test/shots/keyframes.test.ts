import { describe, expect, it } from 'vitest';
import { createShotDetector, type ShotDetectorConfigInput } from '../../stages/shots';
import type { Frame } from '../../stages/video/frame';
import { sceneView, summarize } from './helpers';

/** A still, textured scene with a faint disc (`delta` grey levels above it) at x = discX. */
function scene(discX: number, delta: number, width = 160, height = 100): Float64Array {
  const out = new Float64Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let v = 70 + 40 * Math.sin(x / 7 + 1) * Math.cos(y / 9) + ((Math.floor(x / 13) + Math.floor(y / 11)) % 2) * 30;
      if ((x - discX) ** 2 + (y - 50) ** 2 < 49) v += delta;
      out[y * width + x] = v;
    }
  }
  return out;
}

/**
 * A darkened still take (gain 0.22, luma spread about 6) that jumps in time at frame 40: the
 * faint disc is 14 px on, as a person who moved between the two moments would be. Frame 40 is
 * tagged `key` as given (undefined: not known), every other frame as not a keyframe when known.
 */
function darkJump(key: boolean | undefined, gain = 0.22): Frame[] {
  const before = scene(60, 20);
  const after = scene(74, 20);
  return Array.from({ length: 80 }, (_, i) => {
    const f = sceneView(i, i < 40 ? before : after, 40, 30, gain);
    return key === undefined ? f : { ...f, key: i === 40 ? key : false };
  });
}

function run(frames: readonly Frame[], config: ShotDetectorConfigInput = {}): string[] {
  const d = createShotDetector({ cutDecision: 'temporal', ...config }, 25);
  const out = frames.flatMap((f) => d.push(f));
  return summarize([...out, ...d.flush()]);
}

// config.ts TEMPORAL_LOW_SPREAD: in a dark, still take a jump in time steps the picture by about
// as much as the encoder's refresh on a keyframe does; a frame known not to be a keyframe
// cannot be that refresh, so a weaker P(cut) peak is enough there.
describe('temporal detector: a jump cut in a dark, still take', () => {
  it('is a cut on a frame the decoder knows is no keyframe', () => {
    expect(run(darkJump(false))).toEqual(['cut@40']);
  });

  it('is not taken on a keyframe, where the same step may be the encoder refreshing the picture, nor when the kind is not known', () => {
    expect(run(darkJump(true))).toEqual([]);
    expect(run(darkJump(undefined))).toEqual([]);
  });

  it('takes the plain rule again with the low-contrast rule off', () => {
    expect(run(darkJump(false), { temporalLowSpread: 0 })).toEqual([]);
  });
});
