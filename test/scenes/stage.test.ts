import { describe, expect, it } from 'vitest';
import { ScenesFileSchema } from '../../core/contracts/scenes';
import { detectScenes, edgeLinks, scenesConfig, shotSignals } from '../../stages/scenes';
import { FRAME_ENCODER } from '../../stages/features/from-tracks';
import { buildFeatureBank } from '../../stages/features/build';
import { shotRanges, syntheticVideo, type ShotSpec } from './fixtures';

/** Every scene edge is a shot edge and the scenes tile the frames. */
function expectTiling(file: ReturnType<typeof detectScenes>, input: ReturnType<typeof syntheticVideo>): void {
  expect(() => ScenesFileSchema.parse(file)).not.toThrow();
  const shots = input.shotsFile.shots;
  for (const s of file.scenes) {
    expect(s.startFrame).toBe(s.firstShot === 0 ? 0 : shots[s.firstShot - 1]!.endFrame);
    expect(s.endFrame).toBe(s.lastShot === shots.length - 1 ? input.shotsFile.video.frameCount : shots[s.lastShot]!.endFrame);
  }
}

const shot = (place: number, sec: number, extra: Partial<ShotSpec> = {}): ShotSpec => ({ place, sec, ...extra });

describe('detectScenes groups shots into scenes', () => {
  it.each([
    [
      'three places, one shot each',
      [shot(1, 6), shot(2, 6), shot(3, 6)],
      [
        [0, 0],
        [1, 1],
        [2, 2],
      ],
    ],
    [
      'a dialogue: two alternating views of one place, then a new place',
      [shot(1, 3), shot(2, 3), shot(1, 3), shot(2, 3), shot(1, 3), shot(3, 6)],
      [
        [0, 4],
        [5, 5],
      ],
    ],
    [
      'an A-B-A return after a short cutaway stays one scene',
      [shot(4, 6), shot(1, 5), shot(2, 1.5), shot(1, 5), shot(3, 6)],
      [
        [0, 0],
        [1, 3],
        [4, 4],
      ],
    ],
    [
      'a dissolve inside one place does not start a scene',
      [shot(1, 5), shot(1, 5, { entry: 'dissolve' }), shot(2, 5)],
      [
        [0, 1],
        [2, 2],
      ],
    ],
    [
      'a dissolve between places is a boundary like a cut',
      [shot(1, 5), shot(2, 5, { entry: 'dissolve' }), shot(3, 5)],
      [
        [0, 0],
        [1, 1],
        [2, 2],
      ],
    ],
  ] as const)('%s', (_name, specs, expected) => {
    // Prepare
    const input = syntheticVideo(specs);
    // Act
    const scenes = detectScenes(input);
    // Assess
    expect(shotRanges(scenes)).toEqual(expected);
    expectTiling(scenes, input);
    expect(scenes.scenes[0]!.confidence).toBe(1);
    for (const s of scenes.scenes.slice(1)) expect(s.confidence).toBeGreaterThan(0);
  });

  it('a flash under 1 s between two scenes is no scene of its own: it joins a neighbour', () => {
    const input = syntheticVideo([shot(1, 6), shot(9, 0.6), shot(2, 6)]);
    const ranges = shotRanges(detectScenes(input));
    expect(ranges).toHaveLength(2);
    expect(ranges).not.toContainEqual([1, 1]);
  });

  it('lists the people seen in each scene', () => {
    const input = syntheticVideo([shot(1, 5, { people: [1] }), shot(1, 5, { people: [1, 2] }), shot(2, 5, { people: [3] }), shot(3, 5)]);
    const scenes = detectScenes(input);
    expect(scenes.scenes.map((s) => s.identityIds)).toEqual([[1, 2], [3], []]);
    expect(scenes.method.signals).toEqual(['shots', 'frame-appearance', 'identities']);
  });

  it('links two unlike shots that show the same person', () => {
    // Two places, but one person in both shots: the identity bonus lifts the link above the threshold.
    const input = syntheticVideo([shot(1, 5, { people: [7] }), shot(2, 5, { people: [7] })], { seed: 3 });
    const plain = detectScenes(input, { sameIdentityBonus: 0 });
    const withPeople = detectScenes(input, { sameIdentityBonus: 2 });
    expect(shotRanges(plain)).toEqual([
      [0, 0],
      [1, 1],
    ]);
    expect(shotRanges(withPeople)).toEqual([[0, 1]]);
  });
});

describe('thin input gives a valid result', () => {
  it('a single shot is one scene covering every frame', () => {
    const input = syntheticVideo([shot(1, 4)]);
    const scenes = detectScenes(input);
    expect(scenes.scenes).toMatchObject([
      { index: 0, firstShot: 0, lastShot: 0, startFrame: 0, endFrame: 100, startSec: 0, endSec: 4, confidence: 1, identityIds: [] },
    ]);
  });

  it('without a feature bank nothing separates the shots: one scene', () => {
    const input = syntheticVideo([shot(1, 5), shot(2, 5), shot(3, 5)], { bank: false, identities: false });
    const scenes = detectScenes(input);
    expect(shotRanges(scenes)).toEqual([[0, 2]]);
    expect(scenes.method.signals).toEqual(['shots']);
    expectTiling(scenes, input);
  });

  it('an empty feature bank (no frame features, no rows) gives one scene per stretch nothing separates', () => {
    const input = syntheticVideo([shot(1, 5), shot(2, 5)], { identities: false });
    input.featureBank = buildFeatureBank({
      videoId: 'empty',
      durationSec: 10,
      tracks: [],
      shots: [],
      encoders: [],
      frameEncoders: [{ spec: FRAME_ENCODER, samples: [] }],
    });
    expect(shotRanges(detectScenes(input))).toEqual([[0, 1]]);
  });

  it('a video with no people has scenes with no identities', () => {
    const input = syntheticVideo([shot(1, 5), shot(2, 5)], { identities: false });
    const scenes = detectScenes(input);
    expect(scenes.scenes.map((s) => s.identityIds)).toEqual([[], []]);
  });

  it('a video whose frames all lie in one transition has no shots and no scenes', () => {
    const input = syntheticVideo([shot(1, 1)]);
    input.shotsFile = { ...input.shotsFile, shots: [] };
    expect(detectScenes(input).scenes).toEqual([]);
  });
});

describe('cost is linear in the number of shots', () => {
  const manyShots = (n: number) =>
    syntheticVideo(
      Array.from({ length: n }, (_, i) => shot(Math.floor(i / 5), 1 + (i % 7) * 0.5)),
      { identities: false },
    );

  it('compares a bounded window of shot pairs per edge (~500 shots)', () => {
    const cfg = scenesConfig();
    const pairs = (n: number) => {
      const input = manyShots(n);
      return edgeLinks(shotSignals(input.shotsFile, input.featureBank), cfg).reduce((s, l) => s + l.pairs, 0);
    };
    const p500 = pairs(500);
    const p1000 = pairs(1000);
    expect(p500).toBeLessThanOrEqual(499 * cfg.windowShots ** 2);
    expect(p1000 / p500).toBeGreaterThan(1.8);
    expect(p1000 / p500).toBeLessThan(2.2);
  });

  it('groups ~500 shots of 100 places into about 100 valid scenes', () => {
    const input = manyShots(500);
    const scenes = detectScenes(input);
    expectTiling(scenes, input);
    expect(scenes.scenes.length).toBeGreaterThan(80);
    expect(scenes.scenes.length).toBeLessThanOrEqual(100);
  });
});

describe('bad configuration', () => {
  it.each([
    ['a threshold out of range', { linkCosine: 3 }, 'linkCosine'],
    ['a negative window', { windowSec: -1 }, 'windowSec'],
    ['an unknown key', { threshold: 0.5 }, 'threshold'],
  ])('%s is refused with the field named', (_name, config, field) => {
    const input = syntheticVideo([shot(1, 5)]);
    expect(() => detectScenes(input, config as never)).toThrow(field);
  });
});
