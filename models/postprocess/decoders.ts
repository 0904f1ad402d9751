/**
 * Decoding raw model outputs into detections in source-frame pixels: MoveNet MultiPose
 * (people with box and 17 keypoints), CenterNet (objects, class-wise NMS) and BlazeFace
 * (anchors, sigmoid scores, NMS, 6 landmarks). Pure functions on typed arrays; the
 * `FitTransform` of the pre-processing step maps model-input pixels back to the frame.
 */
import { toSourceBox, toSourcePoint, type Box, type FitTransform } from '../preprocess';
import { classwiseNms, nonMaxSuppression, type NmsOptions } from './nms';

/** A keypoint in source pixels with its confidence. */
export interface Keypoint {
  x: number;
  y: number;
  score: number;
}

/** A person from MoveNet MultiPose. */
export interface Person {
  box: Box;
  score: number;
  keypoints: Keypoint[];
}

/** An object from CenterNet. */
export interface DetectedObject {
  box: Box;
  classId: number;
  label: string;
  score: number;
}

/** A face from BlazeFace; `landmarks` holds 6 (x, y) pairs in source pixels. */
export interface Face {
  box: Box;
  score: number;
  landmarks: Float32Array;
}

const MOVENET_STRIDE = 56; // 17 keypoints × (y, x, score) + box (ymin, xmin, ymax, xmax, score)

/** MoveNet MultiPose output [1, 6, 56] → people with box score ≥ minScore, best first. */
export function decodeMoveNet(out: Float32Array, t: FitTransform, minScore: number): Person[] {
  const people: Person[] = [];
  for (let p = 0; p * MOVENET_STRIDE < out.length; p++) {
    const r = p * MOVENET_STRIDE;
    const score = out[r + 55]!;
    if (!(score >= minScore)) continue;
    const keypoints: Keypoint[] = [];
    for (let k = 0; k < 17; k++) {
      const [x, y] = toSourcePoint(out[r + 3 * k + 1]! * t.dstWidth, out[r + 3 * k]! * t.dstHeight, t);
      keypoints.push({ x, y, score: out[r + 3 * k + 2]! });
    }
    const inputBox = {
      x1: out[r + 52]! * t.dstWidth,
      y1: out[r + 51]! * t.dstHeight,
      x2: out[r + 54]! * t.dstWidth,
      y2: out[r + 53]! * t.dstHeight,
    };
    people.push({ box: toSourceBox(inputBox, t), score, keypoints });
  }
  return people.sort((a, b) => b.score - a.score);
}

/** CenterNet `detections` [1, N, 6] (x1, y1, x2, y2 input px, score, class) → objects after class-wise NMS. */
export function decodeCenterNet(out: Float32Array, t: FitTransform, labels: readonly string[], nms: NmsOptions): DetectedObject[] {
  const n = Math.floor(out.length / 6);
  const boxes = new Float32Array(4 * n),
    scores = new Float32Array(n),
    classes = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    boxes.set(out.subarray(6 * i, 6 * i + 4), 4 * i);
    scores[i] = out[6 * i + 4]!;
    classes[i] = Math.round(out[6 * i + 5]!);
  }
  return Array.from(classwiseNms(boxes, scores, classes, nms), (i) => ({
    box: toSourceBox({ x1: boxes[4 * i]!, y1: boxes[4 * i + 1]!, x2: boxes[4 * i + 2]!, y2: boxes[4 * i + 3]! }, t),
    classId: classes[i]!,
    label: labels[classes[i]!] ?? `class ${classes[i]}`,
    score: scores[i]!,
  }));
}

/** BlazeFace anchor centres (input px) for a square input: strides size/16 (2 per cell) and size/8 (6 per cell). */
export function blazeFaceAnchors(inputSize: number): Float32Array {
  const specs = [
    { stride: inputSize / 16, perCell: 2 },
    { stride: inputSize / 8, perCell: 6 },
  ];
  const out: number[] = [];
  for (const { stride, perCell } of specs) {
    const cells = Math.ceil(inputSize / stride);
    for (let gy = 0; gy < cells; gy++)
      for (let gx = 0; gx < cells; gx++) for (let a = 0; a < perCell; a++) out.push(stride * (gx + 0.5), stride * (gy + 0.5));
  }
  return Float32Array.from(out);
}

/**
 * BlazeFace raw outputs → faces. `scores` holds the 896 logits (stride-16 anchors first)
 * and `regressors` the 896×16 rows (cx, cy, w, h, 6 × (x, y), relative to the anchor).
 */
export function decodeBlazeFace(scores: Float32Array, regressors: Float32Array, t: FitTransform, nms: NmsOptions): Face[] {
  const n = scores.length;
  const anchors = blazeFaceAnchors(t.dstWidth);
  const boxes = new Float32Array(4 * n),
    probs = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const r = 16 * i,
      cx = regressors[r]! + anchors[2 * i]!,
      cy = regressors[r + 1]! + anchors[2 * i + 1]!;
    const hw = regressors[r + 2]! / 2,
      hh = regressors[r + 3]! / 2;
    boxes.set([cx - hw, cy - hh, cx + hw, cy + hh], 4 * i);
    probs[i] = 1 / (1 + Math.exp(-scores[i]!));
  }
  return Array.from(nonMaxSuppression(boxes, probs, nms), (i) => {
    const landmarks = new Float32Array(12);
    for (let k = 0; k < 6; k++) {
      const [x, y] = toSourcePoint(
        regressors[16 * i + 4 + 2 * k]! + anchors[2 * i]!,
        regressors[16 * i + 5 + 2 * k]! + anchors[2 * i + 1]!,
        t,
      );
      landmarks[2 * k] = x;
      landmarks[2 * k + 1] = y;
    }
    const box = toSourceBox({ x1: boxes[4 * i]!, y1: boxes[4 * i + 1]!, x2: boxes[4 * i + 2]!, y2: boxes[4 * i + 3]! }, t);
    return { box, score: probs[i]!, landmarks };
  });
}

/** Concatenates BlazeFace's two anchor groups (stride 16 first) into one score and one regressor array. */
export function joinBlazeFaceOutputs(
  s16: Float32Array,
  s8: Float32Array,
  b16: Float32Array,
  b8: Float32Array,
): { scores: Float32Array; regressors: Float32Array } {
  const scores = new Float32Array(s16.length + s8.length);
  scores.set(s16);
  scores.set(s8, s16.length);
  const regressors = new Float32Array(b16.length + b8.length);
  regressors.set(b16);
  regressors.set(b8, b16.length);
  return { scores, regressors };
}
