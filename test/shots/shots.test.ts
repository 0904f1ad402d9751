import { describe, expect, it } from 'vitest';
import type { Transition, TransitionType } from '../../core/contracts/shots';
import { ShotSchema } from '../../core/contracts/shots';
import {
  createShotDetector,
  mergeChunkTransitions,
  SHOT_FRAME_SPEC,
  ShotDetectorConfigSchema,
  shotsFromTransitions,
} from '../../stages/shots';
import type { Frame } from '../../stages/video/frame';
import { SHOT_DECISIONS } from './helpers';

const t = (type: TransitionType, startFrame: number, endFrame = startFrame): Transition => ({
  type,
  startFrame,
  endFrame,
  startSec: startFrame / 25,
  endSec: endFrame / 25,
  confidence: 0.8,
});

describe('shotsFromTransitions', () => {
  it.each([
    { name: 'no transitions: one shot', transitions: [], shots: [[0, 100]] },
    {
      name: 'a cut splits at its frame',
      transitions: [t('cut', 40)],
      shots: [
        [0, 40],
        [40, 100],
      ],
    },
    {
      name: 'gradual frames belong to no shot',
      transitions: [t('dissolve', 30, 39), t('cut', 70)],
      shots: [
        [0, 30],
        [40, 70],
        [70, 100],
      ],
    },
    {
      name: 'as in shots_dev_gt.json',
      transitions: [t('cut', 125), t('dissolve', 255, 274), t('fade', 520, 543)],
      shots: [
        [0, 125],
        [125, 255],
        [275, 520],
        [544, 600],
      ],
      frames: 600,
    },
    { name: 'a cut at frame 0 adds no empty shot', transitions: [t('cut', 0)], shots: [[0, 100]] },
    { name: 'a fade running to the end leaves no empty shot', transitions: [t('fade', 90, 99)], shots: [[0, 90]] },
    {
      name: 'unsorted input is sorted',
      transitions: [t('cut', 70), t('cut', 20)],
      shots: [
        [0, 20],
        [20, 70],
        [70, 100],
      ],
    },
  ])('$name', ({ transitions, shots, frames }) => {
    // Act
    const out = shotsFromTransitions(transitions, frames ?? 100, 25);
    // Assess
    expect(out.map((s) => [s.startFrame, s.endFrame])).toEqual(shots);
    out.forEach((s, i) => {
      expect(ShotSchema.parse(s)).toEqual(s);
      expect(s.index).toBe(i);
      expect(s.startSec).toBeCloseTo(s.startFrame / 25, 9);
    });
  });

  it.each([
    { frameCount: -1, fps: 25, message: /frameCount/ },
    { frameCount: 10.5, fps: 25, message: /frameCount/ },
    { frameCount: 10, fps: 0, message: /fps/ },
  ])('rejects frameCount $frameCount, fps $fps', ({ frameCount, fps, message }) => {
    expect(() => shotsFromTransitions([], frameCount, fps)).toThrow(message);
  });
});

describe('mergeChunkTransitions', () => {
  it('keeps each chunk’s transitions that start in its owned range, sorted, without duplicates', () => {
    // Prepare: chunk 1 decodes from frame 50 and sees the cut at 60 that chunk 0 owns.
    const perChunk = [
      { ownedStart: 100, ownedEnd: 200, transitions: [t('cut', 60), t('dissolve', 150, 170), t('cut', 205)] },
      { ownedStart: 0, ownedEnd: 100, transitions: [t('cut', 60), t('dissolve', 95, 110)] },
      { ownedStart: 200, ownedEnd: 300, transitions: [t('cut', 205), t('wipe', 190, 199)] },
    ];
    // Act
    const merged = mergeChunkTransitions(perChunk);
    // Assess
    expect(merged.map((x) => `${x.type}@${x.startFrame}`)).toEqual(['cut@60', 'dissolve@95', 'dissolve@150', 'cut@205']);
  });

  it('rejects overlapping owned ranges', () => {
    expect(() =>
      mergeChunkTransitions([
        { ownedStart: 0, ownedEnd: 100, transitions: [] },
        { ownedStart: 90, ownedEnd: 200, transitions: [] },
      ]),
    ).toThrow(/overlap/);
  });
});

describe('shot detector: configuration and bad calls', () => {
  const frame = (index: number, over: Partial<Frame> = {}): Frame => ({
    index,
    sec: index / 25,
    ...SHOT_FRAME_SPEC,
    data: new Uint8Array(SHOT_FRAME_SPEC.width * SHOT_FRAME_SPEC.height * 3),
    ...over,
  });

  it('has a default for every field and rejects unknown or out-of-range ones', () => {
    expect(ShotDetectorConfigSchema.parse({}).minChange).toBeGreaterThan(0);
    expect(() => createShotDetector({ minChange: -1 }, 25)).toThrow(/minChange/);
    expect(() => createShotDetector({ treshold: 3 } as never, 25)).toThrow(/treshold/);
  });

  it.each([0, -25, Number.NaN, Infinity])('rejects fps %s', (fps) => {
    expect(() => createShotDetector({}, fps)).toThrow(/fps/);
  });

  it.each([
    { name: 'a gap in frame indices', frames: [frame(0), frame(2)], message: /consecutive/ },
    { name: 'a wrong byte count', frames: [frame(0, { data: new Uint8Array(10) })], message: /bytes, expected/ },
    {
      name: 'a size change mid-stream',
      frames: [frame(0), frame(1, { width: 32, height: 18, data: new Uint8Array(32 * 18 * 3) })],
      message: /size changed/,
    },
    {
      name: 'frames smaller than the cell grid',
      frames: [frame(0, { width: 8, height: 8, data: new Uint8Array(8 * 8 * 3) })],
      message: /at least 16×9/,
    },
  ])('rejects $name', ({ frames, message }) => {
    // Prepare
    const detector = createShotDetector({}, 25);
    // Act / Assess
    expect(() => frames.forEach((f) => detector.push(f))).toThrow(message);
  });

  it('rejects push after flush; a second flush returns nothing', () => {
    const detector = createShotDetector({}, 25);
    detector.push(frame(0));
    expect(detector.flush()).toEqual([]);
    expect(detector.flush()).toEqual([]);
    expect(() => detector.push(frame(1))).toThrow(/after flush/);
  });

  it.each(SHOT_DECISIONS)('accepts gray frames and a stream that starts late ($cutDecision)', (decision) => {
    // Prepare: a black-to-white cut at frame 530 of a stream starting at 500.
    const detector = createShotDetector(decision, 25);
    const gray = (i: number) => frame(i, { format: 'gray', data: new Uint8Array(64 * 36).fill(i < 530 ? 40 : 200) });
    // Act
    const out = [];
    for (let i = 500; i < 560; i++) out.push(...detector.push(gray(i)));
    out.push(...detector.flush());
    // Assess
    expect(out.map((x) => [x.type, x.startFrame])).toEqual([['cut', 530]]);
  });
});
