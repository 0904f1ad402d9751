import { describe, expect, it } from 'vitest';
import type { ShotDetectorConfigInput } from '../../stages/shots';
import { structureDistance } from '../../stages/shots/features';
import type { Frame } from '../../stages/video/frame';
import { blobScene, featureWindowOf, runTemporal, sceneView, standInModels, summarize } from './helpers';

/**
 * The structure spike (config.ts TEMPORAL_SPIKE_RATIO). The models are stand-ins that say what
 * the test needs (the decision's logic is under test): the temporal model P(cut) 0 and
 * P(gradual) 0 everywhere, as it said on jump cuts inside a panned Game of Life, and the pixel
 * model `answer` wherever it is asked.
 */
function run(frames: readonly Frame[], answer: number, config: ShotDetectorConfigInput = {}): { found: string[]; asked: number } {
  const models = standInModels(() => 0, answer);
  return { found: summarize(runTemporal(frames, config, models.temporal, models.pixel)), asked: models.asked() };
}

const scene = blobScene(5, 400, 100);
/**
 * 100 frames panning 2 pixels a frame over one scene (sceneView reads it in rows of 160, so past
 * its right edge the view wraps onto the next rows: still one moving texture), with a jump of 60
 * pixels (a jump cut inside the take) onto frame 50.
 */
const panned = Array.from({ length: 100 }, (_, i) => sceneView(i, scene, 2 * i + (i >= 50 ? 60 : 0), 20));
/** The same scene held for 10 frames at a time, each beat jumping on 30 pixels (a stuttering take). */
const held = Array.from({ length: 100 }, (_, i) => sceneView(i, scene, 30 * Math.floor(i / 10), 20));

describe('temporal detector: a structure spike in a moving picture goes to the pixel model', () => {
  it('finds the jump cut the temporal model missed when the pixel model says cut', () => {
    // Prepare: the premise, a spike twice the pan's steps or more.
    const win = featureWindowOf(panned);
    const step = (t: number) => structureDistance(win.at(t - 1).structure, win.at(t).structure);
    expect(step(50)).toBeGreaterThanOrEqual(0.3);
    for (const t of [47, 48, 49, 51, 52, 53]) expect(step(50)).toBeGreaterThanOrEqual(2 * step(t));
    expect(Math.max(step(49), step(51))).toBeGreaterThanOrEqual(0.15);
    // Act + assess
    expect(run(panned, 0.99).found).toEqual(['cut@50']);
    // The pixel model says no, or the rule is off: no cut.
    expect(run(panned, 0.5).found).toEqual([]);
    const off = run(panned, 0.99, { temporalSpikeRatio: 0 });
    expect(off.found).toEqual([]);
    expect(off.asked).toBe(0);
  });

  it('leaves a held picture’s beats to the stutter test, and asks the pixel model about spikes only', () => {
    const beats = run(held, 0.99);
    expect(beats.found).toEqual([]);
    expect(beats.asked).toBe(0);
    expect(run(panned, 0.99).asked).toBeLessThanOrEqual(2);
  });
});
