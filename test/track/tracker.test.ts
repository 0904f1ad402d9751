import { describe, expect, it } from 'vitest';
import { createTracker } from '../../stages/track/tracker';
import type { TrackerDetection, TrackObservation } from '../../stages/track/lifecycle';
import { hasCode } from '../../core/errors';

/** A person-sized box (40×80) with its top-left corner at (x, y). */
const person = (x: number, y = 100, score = 0.9, extra: Partial<TrackerDetection> = {}): TrackerDetection => ({
  box: [x, y, x + 40, y + 80],
  score,
  classId: 0,
  ...extra,
});

function ids(obs: TrackObservation[]): number[] {
  return obs.map((o) => o.trackId);
}

describe('createTracker', () => {
  it('follows two people walking apart with stable ids; the first frame confirms at once', () => {
    // Prepare
    const tracker = createTracker();
    // Act
    const perFrame = Array.from({ length: 20 }, (_, f) => tracker.update(f, [person(100 + 3 * f), person(300 - 3 * f)]));
    // Assess
    expect(perFrame.every((obs) => obs.length === 2)).toBe(true);
    expect(new Set(perFrame.flatMap(ids))).toEqual(new Set([1, 2]));
    perFrame.forEach((obs) =>
      expect(obs.map((o) => [o.detectionIndex, o.trackId])).toEqual([
        [0, 1],
        [1, 2],
      ]),
    );
  });

  it('reports a new track on its second consecutive match, including its first frame (look-behind 1)', () => {
    const tracker = createTracker();
    expect(tracker.lookBehindFrames).toBe(1);
    tracker.update(0, [person(100)]);
    const atBirth = tracker.update(1, [person(100), person(400)]);
    const confirmed = tracker.update(2, [person(100), person(400)]);
    expect(ids(atBirth)).toEqual([1]);
    expect(confirmed.map((o) => [o.frameIndex, o.trackId])).toEqual([
      [1, 2],
      [2, 1],
      [2, 2],
    ]);
  });

  it('a one-frame false positive is never reported and uses no id', () => {
    const tracker = createTracker();
    tracker.update(0, [person(100)]);
    tracker.update(1, [person(100), person(500)]);
    tracker.update(2, [person(100)]);
    tracker.update(3, [person(100), person(400)]);
    const obs = tracker.update(4, [person(100), person(400)]);
    expect(obs.map((o) => [o.frameIndex, o.trackId])).toEqual([
      [3, 2],
      [4, 1],
      [4, 2],
    ]); // id 2, not 3
  });

  it('bridges a gap with the motion model and keeps the id; a gap over the buffer gets a new id', () => {
    // Prepare
    const tracker = createTracker({ trackBufferFrames: 10 });
    const seen: TrackObservation[] = [];
    // Act: walks right at 4 px/frame; no detection on frames 10–17 (8 frames, within the buffer)
    for (let f = 0; f < 30; f++) if (f < 10 || f >= 18) seen.push(...tracker.update(f, [person(100 + 4 * f)]));
    for (let f = 30; f < 45; f++) tracker.update(f, []); // 15 empty frames: over the buffer
    seen.push(...tracker.update(45, [person(100 + 4 * 45)]), ...tracker.update(46, [person(100 + 4 * 46)]));
    // Assess
    expect(new Set(seen.filter((o) => o.frameIndex < 30).map((o) => o.trackId))).toEqual(new Set([1]));
    expect(new Set(seen.filter((o) => o.frameIndex >= 45).map((o) => o.trackId))).toEqual(new Set([2]));
  });

  it('continues tracks through low-score detections (second pass) but never starts one from them', () => {
    const tracker = createTracker();
    tracker.update(0, [person(100)]);
    const low = tracker.update(1, [person(102, 100, 0.3), person(400, 100, 0.3)]);
    tracker.update(2, [person(104, 100, 0.3), person(400, 100, 0.3)]);
    const later = tracker.update(3, [person(106, 100, 0.3), person(400, 100, 0.3)]);
    expect(ids(low)).toEqual([1]);
    expect(ids(later)).toEqual([1]);
  });

  it.each([
    ['with appearance, ids follow the descriptors', true, [1, 2]],
    ['IoU only, the closer boxes win (swap)', false, [2, 1]],
  ])('two overlapping people: %s', (_name, withEmbeddings, expected) => {
    // Prepare: A [0,0,10,20], B [3,0,13,20]; then d1 (A's look) at x=2, d2 (B's look) at x=1
    const ea = Float32Array.of(1, 0, 0);
    const eb = Float32Array.of(0, 1, 0);
    const box = (x: number, e: Float32Array): TrackerDetection => ({
      box: [x, 0, x + 10, 20],
      score: 0.9,
      classId: 0,
      ...(withEmbeddings ? { embedding: e } : {}),
    });
    const tracker = createTracker();
    for (let f = 0; f < 3; f++) tracker.update(f, [box(0, ea), box(3, eb)]);
    // Act
    const obs = tracker.update(3, [box(2, ea), box(1, eb)]);
    // Assess: track id of d1, then of d2
    expect([0, 1].map((i) => obs.find((o) => o.detectionIndex === i)!.trackId)).toEqual(expected);
  });

  it('never carries a track across a cut: cut() and a new shotId both end every track', () => {
    const a = createTracker();
    a.update(0, [person(100)]);
    a.cut();
    const afterCut = a.update(1, [person(100)]);
    const b = createTracker();
    b.update(0, [person(100)], { shotId: 0 });
    b.update(1, [person(100)], { shotId: 0 });
    const newShot = b.update(2, [person(100)], { shotId: 1 });
    expect(ids(afterCut)).toEqual([2]); // confirmed at once: the first frame of a shot
    expect(ids(newShot)).toEqual([2]);
  });

  it('each tracker owns its id counter', () => {
    const a = createTracker();
    const b = createTracker();
    a.update(0, [person(0), person(200)]);
    expect(ids(b.update(0, [person(0)]))).toEqual([1]);
  });

  it('does not continue a track with a detection of another class', () => {
    const tracker = createTracker();
    tracker.update(0, [person(100)]);
    const obs = tracker.update(1, [person(100, 100, 0.9, { classId: 2 })]);
    expect(obs).toEqual([]); // the car is tentative, the person lost
  });

  it('steps the motion model over skipped frames (detection every 3rd frame)', () => {
    const tracker = createTracker();
    const seen: TrackObservation[] = [];
    for (let f = 0; f < 60; f += 3) seen.push(...tracker.update(f, [person(100 + 5 * f)]));
    expect(new Set(ids(seen))).toEqual(new Set([1]));
    const last = seen.at(-1)!;
    expect(last.filteredBox[0]).toBeCloseTo(100 + 5 * 57, -1);
  });

  it.each([
    ['frames going backwards', (t: ReturnType<typeof createTracker>) => (t.update(5, []), t.update(5, [])), /increasing/],
    [
      'a NaN box',
      (t: ReturnType<typeof createTracker>) => t.update(0, [{ box: [0, 0, Number.NaN, 10], score: 0.9, classId: 0 }]),
      /detection 0: box/,
    ],
    [
      'an inverted box',
      (t: ReturnType<typeof createTracker>) => t.update(0, [person(0), { box: [10, 0, 0, 10], score: 0.9, classId: 0 }]),
      /detection 1: box/,
    ],
    ['a score above 1', (t: ReturnType<typeof createTracker>) => t.update(0, [person(0, 0, 1.5)]), /score/],
  ])('rejects %s', (_name, act, message) => {
    const err = (() => {
      try {
        act(createTracker());
      } catch (e) {
        return e;
      }
    })();
    expect(hasCode(err, 'VALIDATION_FAILED')).toBe(true);
    expect((err as Error).message).toMatch(message);
  });

  it.each([
    ['lowScore above highScore', { lowScore: 0.7, highScore: 0.5 }, /lowScore/],
    ['an unknown key', { trackBuffer: 30 }, /trackBuffer/],
    ['a negative buffer', { trackBufferFrames: -1 }, /trackBufferFrames/],
  ])('rejects a config with %s', (_name, config, message) => {
    expect(() => createTracker(config as never)).toThrow(message);
  });

  it('ignores zero-area boxes instead of failing', () => {
    const tracker = createTracker();
    expect(tracker.update(0, [{ box: [5, 5, 5, 50], score: 0.9, classId: 0 }, person(100)])).toHaveLength(1);
  });
});
