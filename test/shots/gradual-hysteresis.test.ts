import { describe, expect, it } from 'vitest';
import type { ShotDetectorConfigInput } from '../../stages/shots';
import type { TemporalClassifier } from '../../stages/shots/temporal-model';
import type { Frame } from '../../stages/video/frame';
import { blobScene, runTemporal, sceneView, standInModels } from './helpers';

// A dissolve over frames 50…69 between two scenes (each panned slowly), 120 frames at 25 fps.
const A = blobScene(1);
const B = blobScene(3);
const frames: Frame[] = Array.from({ length: 120 }, (_, i) => {
  const a = sceneView(i, A, 20 + Math.round(i / 3), 20);
  const alpha = Math.min(1, Math.max(0, (i - 49) / 21));
  if (alpha === 0) return a;
  const b = sceneView(i, B, 20 + Math.round(i / 3), 20);
  for (let k = 0; k < a.data.length; k++) a.data[k] = Math.round((1 - alpha) * a.data[k]! + alpha * b.data[k]!);
  return a;
});

/**
 * A stand-in temporal model (the decision's logic is under test): P(cut) 0 everywhere, P(gradual)
 * `inside` over the dissolve's frames but `peak` on frame 60 alone, 0.05 elsewhere.
 */
function model(inside: number, peak: number): TemporalClassifier {
  let u = 0;
  return {
    version: 'test',
    radius: 12,
    probabilities(_window, out) {
      out[0] = 0;
      out[1] = u === 60 ? peak : u >= 50 && u <= 69 ? inside : 0.05;
      u++;
    },
  };
}

const gradual = (inside: number, peak: number, config: ShotDetectorConfigInput) =>
  runTemporal(
    frames,
    { temporalRecheckFloor: 1, temporalAlignedSpikeRatio: 0, ...config },
    model(inside, peak),
    standInModels(() => 0, 0).pixel,
  )
    .filter((t) => t.type !== 'cut')
    .map((t) => [t.type, t.startFrame, t.endFrame]);

describe('gradual runs with hysteresis (config.ts TEMPORAL_GRADUAL_LOW)', () => {
  it('takes the whole stretch over the low level when it reaches the threshold somewhere', () => {
    // Act + assess: at the threshold (0.7, off) the run is frame 60 alone, too short to be a
    // transition; from a low level of 0.4 it is the dissolve's 20 frames (the ends trimmed at most).
    expect(gradual(0.5, 0.8, { gradualThreshold: 0.7, temporalGradualLow: 0.7 })).toEqual([]);
    const found = gradual(0.5, 0.8, { gradualThreshold: 0.7, temporalGradualLow: 0.4 });
    expect(found).toHaveLength(1);
    const [type, start, end] = found[0]!;
    expect(type).toBe('dissolve');
    expect(start).toBeGreaterThanOrEqual(50);
    expect(start).toBeLessThanOrEqual(53);
    expect(end).toBeGreaterThanOrEqual(66);
    expect(end).toBeLessThanOrEqual(69);
  });

  it('keeps no stretch that never reaches the threshold', () => {
    // Act + assess: frame 60 at 0.5 like the rest, so no frame reaches 0.7: nothing.
    expect(gradual(0.5, 0.5, { gradualThreshold: 0.7, temporalGradualLow: 0.4 })).toEqual([]);
  });
});
