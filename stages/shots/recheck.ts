import type { Frame } from '../video/frame';

/**
 * The second look at a near-miss cut (TemporalShotDetector): a jump cut inside one take under
 * a moving camera (shake, a pan, a hand-held tree, a darkened webcam face) changes the cells
 * about as much as the motion around it does, so the temporal model's P(cut) peaks there
 * below its threshold. Pixels tell the two apart: after the best local shift, a moving picture
 * is still itself one frame later, a jump is not. So at a P(cut) peak that just missed, the
 * detector compares the motion-compensated residual of the step onto that frame with the
 * residuals of the steps before and after it, on luma thumbnails it keeps of recent frames.
 * It runs on those few frames only (a handful per minute), so it adds next to nothing to the
 * per-frame cost.
 */

/** Thumbnail size: the shot frames' own 64×36 (SHOT_FRAME_SPEC); other sizes are sampled to it. */
export const THUMB_WIDTH = 64;
export const THUMB_HEIGHT = 36;
export const THUMB_PIXELS = THUMB_WIDTH * THUMB_HEIGHT;
/** Blocks matched on their own: 8×6 of 8×6 pixels. */
const BLOCK_WIDTH = 8;
const BLOCK_HEIGHT = 6;
const BLOCK_COLS = THUMB_WIDTH / BLOCK_WIDTH;
const BLOCK_ROWS = THUMB_HEIGHT / BLOCK_HEIGHT;
/** Largest shift searched, in thumbnail pixels each way (10 px a frame at 640 wide). */
const SEARCH = 3;

/** Writes the frame's luma (BT.601, integer weights) at THUMB_WIDTH × THUMB_HEIGHT into `out` (nearest sample). */
export function lumaThumb(frame: Frame, out: Uint8Array, offset = 0): void {
  const { width, height, data } = frame;
  const rgb = frame.format !== 'gray';
  if (width === THUMB_WIDTH && height === THUMB_HEIGHT) {
    if (!rgb) out.set(data.subarray(0, THUMB_PIXELS), offset);
    else for (let i = 0, p = 0; i < THUMB_PIXELS; i++, p += 3) out[offset + i] = (77 * data[p]! + 150 * data[p + 1]! + 29 * data[p + 2]!) >> 8;
    return;
  }
  for (let y = 0; y < THUMB_HEIGHT; y++) {
    const sy = Math.min(height - 1, Math.floor(((y + 0.5) * height) / THUMB_HEIGHT));
    for (let x = 0; x < THUMB_WIDTH; x++) {
      const sx = Math.min(width - 1, Math.floor(((x + 0.5) * width) / THUMB_WIDTH));
      const p = sy * width + sx;
      out[offset + y * THUMB_WIDTH + x] = rgb ? (77 * data[3 * p]! + 150 * data[3 * p + 1]! + 29 * data[3 * p + 2]!) >> 8 : data[p]!;
    }
  }
}

/**
 * How much of thumbnail `b` no shift of `a` explains: for each block of `b`, the smallest mean
 * absolute luma difference to `a` shifted by up to SEARCH pixels each way (reads past the
 * edge are clamped), then the mean over blocks (0..255). `a` and `b` are THUMB_PIXELS long.
 */
export function compensatedResidual(a: Uint8Array, b: Uint8Array): number {
  let total = 0;
  for (let by = 0; by < BLOCK_ROWS; by++) {
    for (let bx = 0; bx < BLOCK_COLS; bx++) {
      let best = Infinity;
      for (let dy = -SEARCH; dy <= SEARCH; dy++) {
        for (let dx = -SEARCH; dx <= SEARCH; dx++) {
          let sum = 0;
          for (let y = by * BLOCK_HEIGHT; y < (by + 1) * BLOCK_HEIGHT; y++) {
            const ay = Math.min(THUMB_HEIGHT - 1, Math.max(0, y + dy)) * THUMB_WIDTH;
            const row = y * THUMB_WIDTH;
            for (let x = bx * BLOCK_WIDTH; x < (bx + 1) * BLOCK_WIDTH; x++) {
              const ax = Math.min(THUMB_WIDTH - 1, Math.max(0, x + dx));
              const d = a[ay + ax]! - b[row + x]!;
              sum += d < 0 ? -d : d;
            }
            if (sum >= best) break;
          }
          if (sum < best) best = sum;
        }
      }
      total += best;
    }
  }
  return total / THUMB_PIXELS;
}

/** Steps either side of a near-miss peak its step is compared with. */
export const RECHECK_REACH = 3;

/**
 * Luma thumbnails of a stream's recent frames, in a ring of `capacity` frames, and the
 * compensated residual of the step onto each (computed when first asked for, then kept).
 */
export class ThumbRing {
  private readonly thumbs: Uint8Array;
  private readonly frameAt: Int32Array;
  private readonly residuals: Float64Array;
  private readonly residualOf: Int32Array;

  constructor(private readonly capacity: number) {
    this.thumbs = new Uint8Array(capacity * THUMB_PIXELS);
    this.frameAt = new Int32Array(capacity).fill(-1);
    this.residuals = new Float64Array(capacity);
    this.residualOf = new Int32Array(capacity).fill(-1);
  }

  push(frame: Frame): void {
    const slot = frame.index % this.capacity;
    lumaThumb(frame, this.thumbs, slot * THUMB_PIXELS);
    this.frameAt[slot] = frame.index;
  }

  /** Compensated residual of the step from frame t − 1 onto t (both must still be in the ring). */
  step(t: number): number {
    const slot = t % this.capacity;
    if (this.residualOf[slot] === t) return this.residuals[slot]!;
    const from = (t - 1) % this.capacity;
    if (this.frameAt[slot] !== t || this.frameAt[from] !== t - 1) throw new Error(`shot detector: frames ${t - 1}–${t} left the thumbnail ring`);
    const r = compensatedResidual(this.thumbs.subarray(from * THUMB_PIXELS, (from + 1) * THUMB_PIXELS), this.thumbs.subarray(slot * THUMB_PIXELS, (slot + 1) * THUMB_PIXELS));
    this.residuals[slot] = r;
    this.residualOf[slot] = t;
    return r;
  }

  /**
   * Whether the step onto c stands out: at least `minResidual`, and at least `ratio` times the
   * step onto every other frame within RECHECK_REACH of c that lies in first + 1 … last.
   */
  standsOut(c: number, first: number, last: number, ratio: number, minResidual: number): boolean {
    if (c - 1 < first || c > last) return false;
    const here = this.step(c);
    if (here < minResidual) return false;
    for (let k = 1; k <= RECHECK_REACH; k++) {
      for (const t of [c - k, c + k]) {
        if (t - 1 < first || t > last) continue;
        if (this.step(t) * ratio > here) return false;
      }
    }
    return true;
  }
}
