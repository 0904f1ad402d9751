import { describe, expect, it } from 'vitest';
import type { DetectedObject, Person, VisionModels } from '../../models';
import { fitTransform } from '../../models/preprocess';
import { detectConfig } from '../../stages/detect/config';
import { detectFrames, type DetectorFrame } from '../../stages/detect/detect';

// The skipping rule only: which frames get a MoveNet call, and that poses still attach where
// they can. Detection quality on real footage is in pets.test.ts and shots-dev.test.ts.
const person = (score: number): DetectedObject => ({ box: { x1: 10, y1: 10, x2: 60, y2: 150 }, score, classId: 0, label: 'person' });
const chair: DetectedObject = { box: { x1: 100, y1: 100, x2: 160, y2: 160 }, score: 0.9, classId: 56, label: 'chair' };
const pose: Person = {
  box: { x1: 12, y1: 12, x2: 58, y2: 148 },
  score: 0.8,
  keypoints: Array.from({ length: 17 }, (_, k) => ({ x: 20 + k, y: 20 + 7 * k, score: 0.9 })),
};

function fakeVision(objectsPerFrame: DetectedObject[][]) {
  const moveNetFrames: number[] = [];
  const vision = {
    runCenterNetBatch: async (images: unknown[]) => images.map((_, i) => objectsPerFrame[i]!),
    runMoveNet: async (img: { width: number; tag?: number }) => {
      moveNetFrames.push(img.tag ?? -1);
      return [pose];
    },
  } as unknown as VisionModels;
  return { vision, moveNetFrames };
}

const frames: DetectorFrame[] = [0, 1, 2].map((i) => ({
  index: i,
  sec: i / 5,
  image: Object.assign({ data: new Uint8Array(512 * 288 * 3), width: 512, height: 288 }, { tag: i }),
}));
const t = fitTransform(640, 360, 512, 288);

describe('pose only where a person box can take it', () => {
  it('runs MoveNet on frames with a kept CenterNet person, and attaches its pose there', async () => {
    const { vision, moveNetFrames } = fakeVision([[chair], [person(0.9), chair], [person(0.1)]]);
    const out = await detectFrames(vision, frames, t, detectConfig({}));
    expect(moveNetFrames).toEqual([1]);
    expect(out.map((f) => f.detections.length)).toEqual([1, 2, 0]);
    expect(out[1]!.detections[0]!.keypoints).toHaveLength(17);
    expect(out[0]!.detections[0]!.keypoints).toBeUndefined();
  });

  it('runs MoveNet on every frame when MoveNet finds the people, and never with pose off', async () => {
    const a = fakeVision([[chair], [person(0.9)], []]);
    await detectFrames(a.vision, frames, t, detectConfig({ people: 'movenet' }));
    expect(a.moveNetFrames).toEqual([0, 1, 2]);
    const b = fakeVision([[chair], [person(0.9)], []]);
    await detectFrames(b.vision, frames, t, detectConfig({ pose: false }));
    expect(b.moveNetFrames).toEqual([]);
  });
});
