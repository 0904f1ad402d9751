/**
 * Box geometry on packed typed arrays. Boxes are corner form [x1, y1, x2, y2] in source
 * pixels, four numbers per box, so a frame's boxes are one Float64Array of length 4·n.
 */

/** Intersection over union of box `i` of `a` and box `j` of `b` (packed xyxy arrays). */
export function iouAt(a: ArrayLike<number>, i: number, b: ArrayLike<number>, j: number): number {
  const ax1 = a[4 * i]!,
    ay1 = a[4 * i + 1]!,
    ax2 = a[4 * i + 2]!,
    ay2 = a[4 * i + 3]!;
  const bx1 = b[4 * j]!,
    by1 = b[4 * j + 1]!,
    bx2 = b[4 * j + 2]!,
    by2 = b[4 * j + 3]!;
  const iw = Math.min(ax2, bx2) - Math.max(ax1, bx1);
  const ih = Math.min(ay2, by2) - Math.max(ay1, by1);
  if (iw <= 0 || ih <= 0) return 0;
  const inter = iw * ih;
  const union = (ax2 - ax1) * (ay2 - ay1) + (bx2 - bx1) * (by2 - by1) - inter;
  return union > 0 ? inter / union : 0;
}

/** IoU of two single boxes [x1, y1, x2, y2]. */
export function iou(a: ArrayLike<number>, b: ArrayLike<number>): number {
  return iouAt(a, 0, b, 0);
}

/**
 * All pairwise IoUs between `na` boxes of `a` and `nb` boxes of `b`, row-major
 * (row = box of `a`).
 */
export function iouMatrix(a: ArrayLike<number>, na: number, b: ArrayLike<number>, nb: number): Float64Array {
  const out = new Float64Array(na * nb);
  for (let i = 0; i < na; i++) for (let j = 0; j < nb; j++) out[i * nb + j] = iouAt(a, i, b, j);
  return out;
}

/** Corner box [x1, y1, x2, y2] → Kalman measurement [cx, cy, aspect w/h, h]. */
export function xyxyToXyah(box: ArrayLike<number>, out: Float64Array = new Float64Array(4)): Float64Array {
  const w = box[2]! - box[0]!;
  const h = box[3]! - box[1]!;
  out[0] = box[0]! + w / 2;
  out[1] = box[1]! + h / 2;
  out[2] = h > 0 ? w / h : 0;
  out[3] = h;
  return out;
}

/** Kalman measurement [cx, cy, a, h] (first four entries of a state) → corner box. */
export function xyahToXyxy(xyah: ArrayLike<number>, out: Float64Array = new Float64Array(4)): Float64Array {
  const h = xyah[3]!;
  const w = xyah[2]! * h;
  out[0] = xyah[0]! - w / 2;
  out[1] = xyah[1]! - h / 2;
  out[2] = xyah[0]! + w / 2;
  out[3] = xyah[1]! + h / 2;
  return out;
}
