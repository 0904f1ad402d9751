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
 *
 * The same thumbnails give a pixel pan test for gradual runs typed as wipes (pixelPanRatio):
 * a pan slides the whole picture a pixel or two a frame, less than the detector's 4-pixel
 * cells, so the cell-level pan test (models.ts panRatio) lets it pass as a wipe.
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
    else
      for (let i = 0, p = 0; i < THUMB_PIXELS; i++, p += 3) out[offset + i] = (77 * data[p]! + 150 * data[p + 1]! + 29 * data[p + 2]!) >> 8;
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

/** Shifts searched, nearest first: a still or slow picture finds its best match at once and prunes the rest. */
const SHIFTS: readonly (readonly [number, number])[] = (() => {
  const out: [number, number][] = [];
  for (let dy = -SEARCH; dy <= SEARCH; dy++) for (let dx = -SEARCH; dx <= SEARCH; dx++) out.push([dx, dy]);
  return out.sort((p, q) => Math.abs(p[0]) + Math.abs(p[1]) - Math.abs(q[0]) - Math.abs(q[1]));
})();

/**
 * How much of thumbnail `b` no shift of `a` explains: for each block of `b`, the smallest mean
 * absolute luma difference to `a` shifted by up to SEARCH pixels each way (reads past the
 * edge are clamped), then the mean over blocks (0..255). `a` and `b` are THUMB_PIXELS long.
 * Stops early, returning a value above `limit`, once the result is known to exceed it.
 */
export function compensatedResidual(a: Uint8Array, b: Uint8Array, limit = Infinity): number {
  const stop = limit * THUMB_PIXELS;
  let total = 0;
  for (let by = 0; by < BLOCK_ROWS; by++) {
    for (let bx = 0; bx < BLOCK_COLS; bx++) {
      let best = Infinity;
      for (const [dx, dy] of SHIFTS) {
        let sum = 0;
        for (let y = by * BLOCK_HEIGHT; y < (by + 1) * BLOCK_HEIGHT && sum < best; y++) {
          const ay = Math.min(THUMB_HEIGHT - 1, Math.max(0, y + dy)) * THUMB_WIDTH;
          const row = y * THUMB_WIDTH;
          for (let x = bx * BLOCK_WIDTH; x < (bx + 1) * BLOCK_WIDTH; x++) {
            const ax = Math.min(THUMB_WIDTH - 1, Math.max(0, x + dx));
            const d = a[ay + ax]! - b[row + x]!;
            sum += d < 0 ? -d : d;
          }
        }
        if (sum < best) best = sum;
        if (best === 0) break;
      }
      total += best;
      if (total > stop) return total / THUMB_PIXELS;
    }
  }
  return total / THUMB_PIXELS;
}

/**
 * Mean absolute luma difference of `b` to `a` shifted as a whole by the best of the shifts up
 * to SEARCH pixels each way (`best`), and unshifted (`still`), on the inner pixels every
 * shift covers (a border of SEARCH pixels left out).
 */
export function globalShiftResidual(a: Uint8Array, b: Uint8Array): { best: number; still: number } {
  const m = SEARCH;
  let best = Infinity;
  let still = 0;
  for (const [dx, dy] of SHIFTS) {
    let sum = 0;
    for (let y = m; y < THUMB_HEIGHT - m && sum < best; y++) {
      const ra = (y + dy) * THUMB_WIDTH + dx;
      const rb = y * THUMB_WIDTH;
      for (let x = m; x < THUMB_WIDTH - m; x++) {
        const d = a[ra + x]! - b[rb + x]!;
        sum += d < 0 ? -d : d;
      }
    }
    if (dx === 0 && dy === 0) still = sum;
    if (sum < best) best = sum;
  }
  const n = (THUMB_HEIGHT - 2 * m) * (THUMB_WIDTH - 2 * m);
  return { best: best / n, still: still / n };
}

/** Rows (columns) from an edge whose every pixel, in both frames, is at most BAR_LUMA are a black bar: at most BAR_ROWS (BAR_COLS) of them. */
const BAR_LUMA = 24;
const BAR_ROWS = 9;
const BAR_COLS = 16;
/** Largest shift of alignedResidual's coarse search, in half-size pixels each way (12 thumbnail pixels: 120 a frame at 640 wide). */
const ALIGN_SEARCH = 6;
const HALF_WIDTH = THUMB_WIDTH / 2;
const HALF_HEIGHT = THUMB_HEIGHT / 2;

/** Working memory of alignedResidual: two half-size thumbnails. */
export interface AlignScratch {
  a: Float32Array;
  b: Float32Array;
}
export const alignScratch = (): AlignScratch => ({
  a: new Float32Array(HALF_WIDTH * HALF_HEIGHT),
  b: new Float32Array(HALF_WIDTH * HALF_HEIGHT),
});

/**
 * How much of thumbnail `b` the best global shift of `a` leaves unexplained: the mean absolute
 * luma difference (0..255) after the whole picture is aligned, black bars left out. A shaken
 * or panned static view (a webcam, a square) is still itself after the shift; a jump in time
 * inside it is not. The bars matter: a 4:3 source pillarboxed in a 16:9 frame moves under a
 * shake while its bars stay put, and a search over the whole frame then matches the bars.
 *
 * The bars are the rows and columns from each edge that are black in both frames (at most
 * BAR_LUMA; at most BAR_ROWS and BAR_COLS each side). The shift is searched coarse to fine: every
 * shift up to ALIGN_SEARCH half-size pixels each way on 2×2 means, then the thumbnail pixels
 * around it (±1), then half a pixel around that (bilinear). Each shift is scored on the pixels
 * both frames cover, a 1-pixel margin left out. 0 when the picture left is too small to tell
 * (under 12×16 pixels).
 */
export function alignedResidual(a: Uint8Array, b: Uint8Array, scratch: AlignScratch): number {
  const W = THUMB_WIDTH;
  const H = THUMB_HEIGHT;
  const rowBlack = (y: number) => {
    for (let x = 0; x < W; x++) if (a[y * W + x]! > BAR_LUMA || b[y * W + x]! > BAR_LUMA) return false;
    return true;
  };
  const colBlack = (x: number) => {
    for (let y = 0; y < H; y++) if (a[y * W + x]! > BAR_LUMA || b[y * W + x]! > BAR_LUMA) return false;
    return true;
  };
  let y0 = 0;
  while (y0 < BAR_ROWS && rowBlack(y0)) y0++;
  let y1 = H;
  while (H - y1 < BAR_ROWS && rowBlack(y1 - 1)) y1--;
  let x0 = 0;
  while (x0 < BAR_COLS && colBlack(x0)) x0++;
  let x1 = W;
  while (W - x1 < BAR_COLS && colBlack(x1 - 1)) x1--;
  const h = y1 - y0;
  const w = x1 - x0;
  if (h < 12 || w < 16) return 0;
  // Coarse: 2×2 means of the picture inside the bars.
  const hh = h >> 1;
  const hw = w >> 1;
  for (let y = 0; y < hh; y++) {
    for (let x = 0; x < hw; x++) {
      const p = (y0 + 2 * y) * W + x0 + 2 * x;
      scratch.a[y * hw + x] = (a[p]! + a[p + 1]! + a[p + W]! + a[p + W + 1]!) / 4;
      scratch.b[y * hw + x] = (b[p]! + b[p + 1]! + b[p + W]! + b[p + W + 1]!) / 4;
    }
  }
  let coarse = Infinity;
  let cy = 0;
  let cx = 0;
  for (let sy = -ALIGN_SEARCH; sy <= ALIGN_SEARCH; sy++) {
    const ya0 = Math.max(0, -sy);
    const ya1 = Math.min(hh, hh - sy);
    if (2 * (ya1 - ya0) < hh) continue;
    for (let sx = -ALIGN_SEARCH; sx <= ALIGN_SEARCH; sx++) {
      const xa0 = Math.max(0, -sx);
      const xa1 = Math.min(hw, hw - sx);
      if (2 * (xa1 - xa0) < hw) continue;
      // A shift whose partial sum already reaches the best mean cannot win: stop it early.
      const stop = coarse * (ya1 - ya0) * (xa1 - xa0);
      let sum = 0;
      for (let y = ya0; y < ya1 && sum < stop; y++) {
        const ra = y * hw;
        const rb = (y + sy) * hw + sx;
        for (let x = xa0; x < xa1; x++) {
          const d = scratch.a[ra + x]! - scratch.b[rb + x]!;
          sum += d < 0 ? -d : d;
        }
      }
      const mean = sum / ((ya1 - ya0) * (xa1 - xa0));
      if (mean < coarse) {
        coarse = mean;
        cy = sy;
        cx = sx;
      }
    }
  }
  // Fine: b[y + sy][x + sx] against a[y][x] inside the bars, bilinear for half pixels.
  // The mean residual of one shift, or Infinity once it cannot be under `bound`.
  const at = (sy: number, sx: number, bound: number): number => {
    const iy = Math.floor(sy);
    const ix = Math.floor(sx);
    const fy = sy - iy;
    const fx = sx - ix;
    const ya0 = Math.max(1, -iy + 1);
    const ya1 = Math.min(h - 1, h - iy - 2);
    const xa0 = Math.max(1, -ix + 1);
    const xa1 = Math.min(w - 1, w - ix - 2);
    if (3 * (ya1 - ya0) < h || 3 * (xa1 - xa0) < w) return Infinity;
    const w00 = (1 - fy) * (1 - fx);
    const w01 = (1 - fy) * fx;
    const w10 = fy * (1 - fx);
    const w11 = fy * fx;
    const stop = bound * (ya1 - ya0) * (xa1 - xa0);
    let sum = 0;
    for (let y = ya0; y < ya1; y++) {
      if (sum >= stop) return Infinity;
      const ra = (y0 + y) * W + x0;
      const rb = (y0 + y + iy) * W + x0 + ix;
      for (let x = xa0; x < xa1; x++) {
        const q = rb + x;
        const v = w00 * b[q]! + w01 * b[q + 1]! + w10 * b[q + W]! + w11 * b[q + W + 1]!;
        const d = a[ra + x]! - v;
        sum += d < 0 ? -d : d;
      }
    }
    return sum / ((ya1 - ya0) * (xa1 - xa0));
  };
  let best = Infinity;
  let by = 2 * cy;
  let bx = 2 * cx;
  for (let ey = -1; ey <= 1; ey++) {
    for (let ex = -1; ex <= 1; ex++) {
      const r = at(2 * cy + ey, 2 * cx + ex, best);
      if (r < best) {
        best = r;
        by = 2 * cy + ey;
        bx = 2 * cx + ex;
      }
    }
  }
  if (best === Infinity) return coarse;
  for (const fy of [-0.5, 0, 0.5])
    for (const fx of [-0.5, 0, 0.5]) if (fy !== 0 || fx !== 0) best = Math.min(best, at(by + fy, bx + fx, best));
  return best;
}

/** Steps either side of a near-miss peak its step is compared with. */
export const RECHECK_REACH = 3;

/**
 * A stream's recent frames, in a ring of `capacity` frames: their bytes, their luma
 * thumbnails, and per step the compensated residual and the global-shift residuals (each
 * computed when first asked for, then kept).
 */
export class ThumbRing {
  /** Each 64×36 frame's bytes as pushed (rgb24 or gray). */
  private readonly raw: Uint8Array;
  /** Luma thumbnails: made from `raw` when a residual first needs them; at once for frames of another size. */
  private readonly thumbs: Uint8Array;
  private readonly frameAt: Int32Array;
  private readonly thumbOf: Int32Array;
  /** The frame whose pushed bytes `raw` holds in each slot (−1: a frame of another size, kept as luma only). */
  private readonly rawOf: Int32Array;
  private readonly residuals: Float64Array;
  private readonly residualOf: Int32Array;
  private readonly panBest: Float64Array;
  private readonly panStill: Float64Array;
  private readonly panOf: Int32Array;
  private readonly aligned: Float64Array;
  private readonly alignedOf: Int32Array;
  private readonly alignWork = alignScratch();
  private format: Frame['format'] = 'rgb24';

  constructor(private readonly capacity: number) {
    this.raw = new Uint8Array(capacity * THUMB_PIXELS * 3);
    this.thumbs = new Uint8Array(capacity * THUMB_PIXELS);
    this.frameAt = new Int32Array(capacity).fill(-1);
    this.thumbOf = new Int32Array(capacity).fill(-1);
    this.rawOf = new Int32Array(capacity).fill(-1);
    this.residuals = new Float64Array(capacity);
    this.residualOf = new Int32Array(capacity).fill(-1);
    this.panBest = new Float64Array(capacity);
    this.panStill = new Float64Array(capacity);
    this.panOf = new Int32Array(capacity).fill(-1);
    this.aligned = new Float64Array(capacity);
    this.alignedOf = new Int32Array(capacity).fill(-1);
  }

  /** Keeps the frame: a copy of its bytes (the luma is made only for the few frames tested). */
  push(frame: Frame): void {
    const slot = frame.index % this.capacity;
    if (frame.width === THUMB_WIDTH && frame.height === THUMB_HEIGHT) {
      this.raw.set(frame.data, slot * THUMB_PIXELS * 3);
      this.thumbOf[slot] = -1;
      this.rawOf[slot] = frame.index;
    } else {
      lumaThumb(frame, this.thumbs, slot * THUMB_PIXELS);
      this.thumbOf[slot] = frame.index;
      this.rawOf[slot] = -1;
    }
    this.format = frame.format;
    this.frameAt[slot] = frame.index;
  }

  /**
   * Frame t's 64×36 rgb24 bytes (t must still be in the ring), for the pixel model: the pushed
   * bytes of an rgb24 frame as they are; a gray frame, or one of another size (kept as its luma
   * thumbnail), as grey rgb in `scratch`.
   */
  rgb(t: number, scratch: Uint8Array): Uint8Array {
    const slot = t % this.capacity;
    if (this.frameAt[slot] !== t) throw new Error(`shot detector: frame ${t} left the thumbnail ring`);
    const at = slot * THUMB_PIXELS * 3;
    if (this.rawOf[slot] === t && this.format === 'rgb24') return this.raw.subarray(at, at + THUMB_PIXELS * 3);
    const luma = this.thumb(t);
    for (let p = 0; p < THUMB_PIXELS; p++) scratch[3 * p] = scratch[3 * p + 1] = scratch[3 * p + 2] = luma[p]!;
    return scratch;
  }

  /** Frame t's luma thumbnail (t must still be in the ring). */
  private thumb(t: number): Uint8Array {
    const slot = t % this.capacity;
    if (this.frameAt[slot] !== t) throw new Error(`shot detector: frame ${t} left the thumbnail ring`);
    const out = this.thumbs.subarray(slot * THUMB_PIXELS, (slot + 1) * THUMB_PIXELS);
    if (this.thumbOf[slot] !== t) {
      const at = slot * THUMB_PIXELS * 3;
      const data = this.raw.subarray(at, at + THUMB_PIXELS * (this.format === 'gray' ? 1 : 3));
      lumaThumb({ index: t, sec: 0, width: THUMB_WIDTH, height: THUMB_HEIGHT, format: this.format, data }, out);
      this.thumbOf[slot] = t;
    }
    return out;
  }

  /**
   * Compensated residual of the step from frame t − 1 onto t (both must still be in the ring);
   * above `limit`, possibly a lower bound of it only (computing stopped there; not kept).
   */
  step(t: number, limit = Infinity): number {
    const slot = t % this.capacity;
    if (this.residualOf[slot] === t) return this.residuals[slot]!;
    const r = compensatedResidual(this.thumb(t - 1), this.thumb(t), limit);
    if (r <= limit) {
      this.residuals[slot] = r;
      this.residualOf[slot] = t;
    }
    return r;
  }

  /** alignedResidual of the step from frame t − 1 onto t (both must still be in the ring), computed once. */
  alignedStep(t: number): number {
    const slot = t % this.capacity;
    if (this.alignedOf[slot] !== t) {
      this.aligned[slot] = alignedResidual(this.thumb(t - 1), this.thumb(t), this.alignWork);
      this.alignedOf[slot] = t;
    }
    return this.aligned[slot]!;
  }

  /**
   * Share of the pixel change of the steps onto a + 1 … b (frames a … b in the ring) that the
   * best global shift of each step leaves (globalShiftResidual: best ÷ still, summed over the
   * steps); 1 when nothing changes. A pan scores low (0.2–0.5 on the tune montages' false
   * wipes), a wipe's moving edge, which no shift of the picture explains, near 1.
   */
  pixelPanRatio(a: number, b: number): number {
    let best = 0;
    let still = 0;
    for (let t = a + 1; t <= b; t++) {
      const slot = t % this.capacity;
      if (this.panOf[slot] !== t) {
        const r = globalShiftResidual(this.thumb(t - 1), this.thumb(t));
        this.panBest[slot] = r.best;
        this.panStill[slot] = r.still;
        this.panOf[slot] = t;
      }
      best += this.panBest[slot]!;
      still += this.panStill[slot]!;
    }
    return still > 0 ? best / still : 1;
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
        if (this.step(t, here / ratio) * ratio > here) return false;
      }
    }
    return true;
  }
}
