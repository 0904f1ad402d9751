/**
 * Pre/post-processing as pure functions: letterbox geometry and its inverse, tensor
 * layout and normalisation, IoU and (class-wise) NMS semantics, BlazeFace anchors, and the
 * MoveNet/CenterNet decoders mapping model-input coordinates back to source pixels.
 */
import { describe, expect, it } from 'vitest';
import {
  blazeFaceAnchors,
  classwiseNms,
  decodeCenterNet,
  decodeMoveNet,
  fitTransform,
  imageToTensor,
  iou,
  nonMaxSuppression,
  toSourceBox,
} from '../../models';

describe('letterbox', () => {
  const CASES = [
    { name: 'landscape 768×576 → 256²', src: [768, 576], dst: [256, 256], scale: 1 / 3, pad: [0, 32] },
    { name: 'portrait 480×640 → 512²', src: [480, 640], dst: [512, 512], scale: 0.8, pad: [64, 0] },
    { name: 'same size', src: [224, 224], dst: [224, 224], scale: 1, pad: [0, 0] },
  ];
  it.each(CASES)('$name: scale, padding and inverse mapping', ({ src, dst, scale, pad }) => {
    // Act
    const t = fitTransform(src[0]!, src[1]!, dst[0]!, dst[1]!);
    const back = toSourceBox({ x1: pad[0]!, y1: pad[1]!, x2: dst[0]! - pad[0]!, y2: dst[1]! - pad[1]! }, t);
    // Assess
    expect(t.scaleX).toBeCloseTo(scale, 9);
    expect([t.padX, t.padY]).toEqual(pad);
    expect(back).toEqual({ x1: 0, y1: 0, x2: src[0], y2: src[1] });
  });

  it('writes NHWC, normalises, and leaves the bars black', () => {
    // Prepare: a 2×1 image, red then blue, letterboxed into 2×2
    const img = { data: Uint8Array.from([255, 0, 0, 0, 0, 255]), width: 2, height: 1 };
    // Act
    const x = imageToTensor(img, fitTransform(2, 1, 2, 2), { scale: [1 / 127.5, 1 / 127.5, 1 / 127.5], offset: [-1, -1, -1] });
    // Assess: rows 0 (bar, half covered) … the centre rows hold the pixels; corners of bars are −1
    expect(x.length).toBe(12);
    expect(Math.min(...x)).toBeCloseTo(-1, 6);
    expect(Math.max(...x)).toBeLessThanOrEqual(1);
  });
});

describe('NMS', () => {
  const boxes = Float32Array.from([0, 0, 10, 10, 1, 1, 11, 11, 20, 20, 30, 30, 0, 0, 10, 10]);
  const scores = Float32Array.from([0.9, 0.8, 0.7, 0.95]);
  const CASES = [
    {
      name: 'suppresses overlaps above the IoU threshold',
      opts: { iouThreshold: 0.5, scoreThreshold: 0, maxOutput: 10 },
      expected: [3, 2],
    },
    {
      name: 'keeps overlaps below the threshold (identical boxes still go)',
      opts: { iouThreshold: 0.99, scoreThreshold: 0, maxOutput: 10 },
      expected: [3, 1, 2],
    },
    { name: 'drops scores not above the score threshold', opts: { iouThreshold: 0.5, scoreThreshold: 0.9, maxOutput: 10 }, expected: [3] },
    { name: 'stops at maxOutput', opts: { iouThreshold: 0.5, scoreThreshold: 0, maxOutput: 1 }, expected: [3] },
  ];
  it.each(CASES)('$name', ({ opts, expected }) => {
    expect([...nonMaxSuppression(boxes, scores, opts)]).toEqual(expected);
  });

  it('class-wise NMS only suppresses within a class', () => {
    // Act
    const kept = classwiseNms(boxes, scores, Int32Array.from([0, 1, 0, 0]), { iouThreshold: 0.5, scoreThreshold: 0, maxOutput: 10 });
    // Assess
    expect([...kept]).toEqual([3, 1, 2]);
    expect(iou(boxes, 0, 3)).toBe(1);
  });
});

describe('decoders', () => {
  it('BlazeFace 256² has 896 anchors, stride-16 cells first', () => {
    const a = blazeFaceAnchors(256);
    expect(a.length).toBe(2 * 896);
    expect([a[0], a[1], a[2 * 512], a[2 * 512 + 1]]).toEqual([8, 8, 16, 16]);
  });

  it('MoveNet boxes and keypoints come back in source pixels', () => {
    // Prepare: one person, box (ymin .25, xmin .5, ymax .75, xmax .75) on a letterboxed 768×576 → 256²
    const out = new Float32Array(6 * 56);
    out.set([0.5, 0.5, 0.9], 0);
    out.set([0.25, 0.5, 0.75, 0.75, 0.8], 51);
    // Act
    const [p] = decodeMoveNet(out, fitTransform(768, 576, 256, 256), 0.5);
    // Assess: y 0.25·256 = 64 → (64 − 32)·3 = 96; x 0.5·256·3 = 384
    expect(p!.box).toEqual({ x1: 384, y1: 96, x2: 576, y2: 480 });
    expect(p!.keypoints[0]).toEqual({ x: 384, y: 288, score: expect.closeTo(0.9, 6) });
  });

  it('CenterNet rows are filtered, class-wise NMSed and labelled', () => {
    // Prepare
    const rows = Float32Array.from([0, 0, 100, 100, 0.9, 0, 5, 5, 100, 100, 0.8, 0, 5, 5, 100, 100, 0.7, 2, 0, 0, 1, 1, 0.1, 0]);
    // Act
    const objs = decodeCenterNet(rows, fitTransform(512, 512, 512, 512), ['person', 'bicycle', 'car'], {
      iouThreshold: 0.5,
      scoreThreshold: 0.2,
      maxOutput: 10,
    });
    // Assess
    expect(objs.map((o) => [o.label, o.score.toFixed(1)])).toEqual([
      ['person', '0.9'],
      ['car', '0.7'],
    ]);
  });
});
