/**
 * Non-maximum suppression in TypeScript (not in the graph), with TF's semantics so results
 * can be compared with `tf.image.nonMaxSuppression`: candidates need score > threshold,
 * are visited by descending score (lower index first on ties), and a box is dropped when
 * its IoU with a kept box exceeds the IoU threshold. Boxes are packed `x1,y1,x2,y2` in a
 * Float32Array.
 */

/** NMS parameters. */
export interface NmsOptions {
  iouThreshold: number;
  scoreThreshold: number;
  maxOutput: number;
}

/** IoU of boxes i and j of a packed box array (corners may come in either order). */
export function iou(boxes: Float32Array, i: number, j: number): number {
  const a = 4 * i,
    b = 4 * j;
  const ax1 = Math.min(boxes[a]!, boxes[a + 2]!),
    ax2 = Math.max(boxes[a]!, boxes[a + 2]!);
  const ay1 = Math.min(boxes[a + 1]!, boxes[a + 3]!),
    ay2 = Math.max(boxes[a + 1]!, boxes[a + 3]!);
  const bx1 = Math.min(boxes[b]!, boxes[b + 2]!),
    bx2 = Math.max(boxes[b]!, boxes[b + 2]!);
  const by1 = Math.min(boxes[b + 1]!, boxes[b + 3]!),
    by2 = Math.max(boxes[b + 1]!, boxes[b + 3]!);
  const areaA = (ax2 - ax1) * (ay2 - ay1),
    areaB = (bx2 - bx1) * (by2 - by1);
  if (areaA <= 0 || areaB <= 0) return 0;
  const iw = Math.max(0, Math.min(ax2, bx2) - Math.max(ax1, bx1));
  const ih = Math.max(0, Math.min(ay2, by2) - Math.max(ay1, by1));
  const inter = iw * ih;
  return inter / (areaA + areaB - inter);
}

/** Indices of candidates (score > threshold), by descending score, ties by index. */
function candidates(scores: Float32Array, threshold: number, subset?: Int32Array): number[] {
  const idx: number[] = [];
  const n = subset ? subset.length : scores.length;
  for (let k = 0; k < n; k++) {
    const i = subset ? subset[k]! : k;
    if (scores[i]! > threshold) idx.push(i);
  }
  return idx.sort((a, b) => scores[b]! - scores[a]! || a - b);
}

/** Greedy NMS; returns kept indices in descending score order. */
export function nonMaxSuppression(boxes: Float32Array, scores: Float32Array, opts: NmsOptions, subset?: Int32Array): Int32Array {
  const kept: number[] = [];
  for (const i of candidates(scores, opts.scoreThreshold, subset)) {
    if (kept.length >= opts.maxOutput) break;
    if (kept.every((j) => iou(boxes, i, j) <= opts.iouThreshold)) kept.push(i);
  }
  return Int32Array.from(kept);
}

/**
 * Class-wise NMS: boxes only suppress boxes of the same class. Returns kept indices by
 * descending score (ties by index), at most `maxOutput` in total.
 */
export function classwiseNms(boxes: Float32Array, scores: Float32Array, classes: Int32Array, opts: NmsOptions): Int32Array {
  const byClass = new Map<number, number[]>();
  classes.forEach((c, i) => {
    const list = byClass.get(c) ?? [];
    list.push(i);
    byClass.set(c, list);
  });
  const kept: number[] = [];
  for (const members of byClass.values()) kept.push(...nonMaxSuppression(boxes, scores, opts, Int32Array.from(members)));
  kept.sort((a, b) => scores[b]! - scores[a]! || a - b);
  return Int32Array.from(kept.slice(0, opts.maxOutput));
}
