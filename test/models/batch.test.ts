import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { faceAlignment, rotatedCropToTensor, VisionModels, type RgbImage } from '../../models';
import { ensureModels, readFrame, REPO_ROOT } from './helpers';

/** Largest absolute difference between two vectors, relative to the largest magnitude of `ref`. */
function relDiff(a: Float32Array, ref: Float32Array): number {
  let diff = 0;
  let mag = 0;
  for (let i = 0; i < ref.length; i++) {
    diff = Math.max(diff, Math.abs(a[i]! - ref[i]!));
    mag = Math.max(mag, Math.abs(ref[i]!));
  }
  return diff / mag;
}

describe('batched inference equals one call per crop (real footage: the bundled sample)', () => {
  let vision: VisionModels;
  let frame: RgbImage;
  beforeAll(async () => {
    vision = VisionModels.create(ensureModels());
    // Frame 100 of samples/demo.mp4: the talking head (a face), 640×360.
    frame = await readFrame(join(REPO_ROOT, 'samples', 'demo.mp4'), 100);
  });
  afterAll(() => vision.dispose());

  it("MobileNetV2: five crops in one call give each crop's single-call features (rel. diff < 1e-4)", async () => {
    // Prepare
    const boxes = [
      { x1: 0, y1: 0, x2: 640, y2: 360 },
      { x1: 200, y1: 20, x2: 460, y2: 360 },
      { x1: 10, y1: 10, x2: 90, y2: 200 },
      { x1: 300, y1: 100, x2: 340, y2: 140 },
      { x1: 500, y1: 200, x2: 640, y2: 360 },
    ];
    // Act
    const batched = await vision.appearanceBatch(frame, boxes);
    const single: Float32Array[] = [];
    for (const b of boxes) single.push(await vision.appearance(frame, b));
    // Assess
    expect(batched).toHaveLength(boxes.length);
    batched.forEach((row, i) => {
      expect(row).toHaveLength(1280);
      expect(relDiff(row, single[i]!), `crop ${i}`).toBeLessThan(1e-4);
    });
    expect(relDiff(batched[0]!, batched[1]!)).toBeGreaterThan(1e-2); // different crops differ: the rows are not mixed up
    expect(await vision.appearanceBatch(frame, [])).toEqual([]);
  });

  it("FaceRes: aligned faces in one call give each face's single-call descriptor", async () => {
    // Prepare: the real face, and the same face shifted and rotated (two more aligned crops)
    const [face] = await vision.runBlazeFace(frame, { minScore: 0.75, maxDetections: 1 });
    expect(face, 'a face in the talking-head frame').toBeDefined();
    const base = faceAlignment(face!);
    const crops = [base, { ...base, cx: base.cx + 6 }, { ...base, angle: base.angle + 0.2 }].map((a) => rotatedCropToTensor(frame, a, 224));
    // Act
    const batched = await vision.faceDescriptorBatch(crops);
    const single: Float32Array[] = [];
    for (const c of crops) single.push(await vision.faceDescriptor(c));
    // Assess
    batched.forEach((row, i) => expect(relDiff(row, single[i]!), `face ${i}`).toBeLessThan(1e-4));
    expect(relDiff(batched[0]!, batched[2]!)).toBeGreaterThan(1e-3);
  });
});
