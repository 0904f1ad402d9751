/**
 * Pre-processing as pure functions on typed arrays: fitting an RGB frame into a model
 * input (letterbox keeps the aspect ratio and pads evenly; stretch does not), bilinear
 * sampling with half-pixel centres, per-channel normalisation (`x * scale + offset`), the
 * inverse mapping of model-input coordinates back to source pixels, and rotated square
 * crops (face alignment). Sampling is bilinear; for large downscales (> 2×) ask the decoder
 * for frames near the model size (ffmpeg `flags=area`) to avoid aliasing small people.
 */
import type { Normalisation } from './manifest';

/** An rgb24 frame: `width * height * 3` bytes, row-major, no padding. */
export interface RgbImage {
  data: Uint8Array;
  width: number;
  height: number;
}

/** A box in pixels: corners (x1, y1) top-left and (x2, y2) bottom-right. */
export interface Box {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

/** How a source frame maps into a model input: `dst = src * scale + pad`. */
export interface FitTransform {
  scaleX: number;
  scaleY: number;
  padX: number;
  padY: number;
  srcWidth: number;
  srcHeight: number;
  dstWidth: number;
  dstHeight: number;
}

/**
 * Input dims for a fully convolutional model that covers a `srcWidth`×`srcHeight` frame
 * with the least padding: the longer side is `longSide`, the other is the frame's side at
 * the same scale (rounded as ffmpeg's `force_original_aspect_ratio` rounds it) padded up
 * to a multiple of `stride`. `longSide` must itself be a multiple of `stride`.
 *
 * @example
 *   strideAlignedDims(640, 360, 512) // { width: 512, height: 288 }: 16:9, no padding
 *   strideAlignedDims(1920, 800, 512) // { width: 512, height: 224 }: 213 rows + 11 of padding
 */
export function strideAlignedDims(srcWidth: number, srcHeight: number, longSide: number, stride = 32): { width: number; height: number } {
  const up = (v: number) => Math.max(stride, Math.ceil(v / stride) * stride);
  if (srcWidth >= srcHeight) return { width: longSide, height: up(Math.round((longSide * srcHeight) / srcWidth)) };
  return { width: up(Math.round((longSide * srcWidth) / srcHeight)), height: longSide };
}

/** Letterbox (aspect kept, centred, even padding) or stretch fit of src into dst. */
export function fitTransform(
  srcWidth: number,
  srcHeight: number,
  dstWidth: number,
  dstHeight: number,
  mode: 'letterbox' | 'stretch' = 'letterbox',
): FitTransform {
  if (mode === 'stretch')
    return { scaleX: dstWidth / srcWidth, scaleY: dstHeight / srcHeight, padX: 0, padY: 0, srcWidth, srcHeight, dstWidth, dstHeight };
  const s = Math.min(dstWidth / srcWidth, dstHeight / srcHeight);
  return {
    scaleX: s,
    scaleY: s,
    padX: (dstWidth - srcWidth * s) / 2,
    padY: (dstHeight - srcHeight * s) / 2,
    srcWidth,
    srcHeight,
    dstWidth,
    dstHeight,
  };
}

/** Maps a box from model-input pixels back to source pixels, clamped to the frame. */
export function toSourceBox(b: Box, t: FitTransform): Box {
  const cx = (v: number) => Math.min(t.srcWidth, Math.max(0, (v - t.padX) / t.scaleX));
  const cy = (v: number) => Math.min(t.srcHeight, Math.max(0, (v - t.padY) / t.scaleY));
  return { x1: cx(b.x1), y1: cy(b.y1), x2: cx(b.x2), y2: cy(b.y2) };
}

/** Maps a point from model-input pixels back to source pixels (not clamped). */
export function toSourcePoint(x: number, y: number, t: FitTransform): [number, number] {
  return [(x - t.padX) / t.scaleX, (y - t.padY) / t.scaleY];
}

const IDENTITY: Normalisation = { scale: [1, 1, 1], offset: [0, 0, 0] };

/** Bilinear sample of channel values at (x, y) (pixel-centre coordinates) into out[o..o+2]. */
function sample(img: RgbImage, x: number, y: number, out: Float32Array, o: number): void {
  const w = img.width,
    h = img.height,
    d = img.data;
  const xc = Math.min(w - 1, Math.max(0, x)),
    yc = Math.min(h - 1, Math.max(0, y));
  const x0 = Math.floor(xc),
    y0 = Math.floor(yc);
  const x1 = Math.min(w - 1, x0 + 1),
    y1 = Math.min(h - 1, y0 + 1);
  const fx = xc - x0,
    fy = yc - y0;
  const a = (y0 * w + x0) * 3,
    b = (y0 * w + x1) * 3,
    c = (y1 * w + x0) * 3,
    e = (y1 * w + x1) * 3;
  for (let k = 0; k < 3; k++) {
    const top = d[a + k]! + (d[b + k]! - d[a + k]!) * fx;
    const bot = d[c + k]! + (d[e + k]! - d[c + k]!) * fx;
    out[o + k] = top + (bot - top) * fy;
  }
}

/**
 * Resamples `img` into a `t.dstWidth × t.dstHeight` NHWC tensor (batch 1) through the
 * inverse of `t`; pixels outside the frame (letterbox bars) are black before normalisation.
 * `dtype: 'int32'` rounds (MoveNet takes int32 0..255).
 *
 * @example
 *   const t = fitTransform(768, 576, 256, 256);            // letterbox
 *   const x = imageToTensor(frame, t, { scale: [1,1,1], offset: [0,0,0] }, 'int32');
 */
export function imageToTensor(
  img: RgbImage,
  t: FitTransform,
  norm: Normalisation = IDENTITY,
  dtype: 'float32' | 'int32' = 'float32',
): Float32Array | Int32Array {
  // Same arithmetic as `sample` pixel by pixel (bit-identical output), with the source
  // columns, rows and weights worked out once per column and row instead of per pixel:
  // this runs on every detector frame (CenterNet and MoveNet inputs).
  const W = t.dstWidth;
  if (isIdentity(img, t)) return normaliseCopy(img.data, norm, dtype);
  const out = new Float32Array(W * t.dstHeight * 3);
  const w = img.width,
    h = img.height,
    d = img.data;
  const colA = new Int32Array(W),
    colB = new Int32Array(W),
    colF = new Float64Array(W),
    colIn = new Uint8Array(W);
  for (let x = 0; x < W; x++) {
    const sx = (x + 0.5 - t.padX) / t.scaleX - 0.5;
    colIn[x] = sx >= -0.5 && sx <= t.srcWidth - 0.5 ? 1 : 0;
    const xc = Math.min(w - 1, Math.max(0, sx));
    const x0 = Math.floor(xc);
    colA[x] = x0 * 3;
    colB[x] = Math.min(w - 1, x0 + 1) * 3;
    colF[x] = xc - x0;
  }
  const [s0, s1, s2] = norm.scale as [number, number, number];
  const [o0, o1, o2] = norm.offset as [number, number, number];
  const f32 = Math.fround;
  for (let y = 0; y < t.dstHeight; y++) {
    const sy = (y + 0.5 - t.padY) / t.scaleY - 0.5;
    let o = y * W * 3;
    if (!(sy >= -0.5 && sy <= t.srcHeight - 0.5)) {
      for (let x = 0; x < W; x++, o += 3) {
        out[o] = o0;
        out[o + 1] = o1;
        out[o + 2] = o2;
      }
      continue;
    }
    const yc = Math.min(h - 1, Math.max(0, sy));
    const y0 = Math.floor(yc);
    const r0 = y0 * w * 3,
      r1 = Math.min(h - 1, y0 + 1) * w * 3,
      fy = yc - y0;
    for (let x = 0; x < W; x++, o += 3) {
      if (!colIn[x]) {
        out[o] = o0;
        out[o + 1] = o1;
        out[o + 2] = o2;
        continue;
      }
      const a = r0 + colA[x]!,
        b = r0 + colB[x]!,
        c = r1 + colA[x]!,
        e = r1 + colB[x]!,
        fx = colF[x]!;
      for (let k = 0; k < 3; k++) {
        const top = d[a + k]! + (d[b + k]! - d[a + k]!) * fx;
        const bot = d[c + k]! + (d[e + k]! - d[c + k]!) * fx;
        // `sample` stored the value in a Float32Array before normalising: round the same way.
        const v = f32(top + (bot - top) * fy);
        out[o + k] = k === 0 ? v * s0 + o0 : k === 1 ? v * s1 + o1 : v * s2 + o2;
      }
    }
  }
  return dtype === 'int32' ? roundToInt32(out) : out;
}

/** `Int32Array.from(v, Math.round)` without its per-element callback (about 15× faster here). */
function roundToInt32(v: Float32Array): Int32Array {
  const out = new Int32Array(v.length);
  for (let i = 0; i < v.length; i++) out[i] = Math.round(v[i]!);
  return out;
}

/** The frame already has the model's input dims (the decoder scaled it): sampling is a copy. */
function isIdentity(img: RgbImage, t: FitTransform): boolean {
  return (
    t.scaleX === 1 &&
    t.scaleY === 1 &&
    t.padX === 0 &&
    t.padY === 0 &&
    img.width === t.dstWidth &&
    img.height === t.dstHeight &&
    t.srcWidth === img.width &&
    t.srcHeight === img.height
  );
}

/** `data` normalised channel by channel (what the resampler gives at scale 1: each pixel exactly). */
function normaliseCopy(data: Uint8Array, norm: Normalisation, dtype: 'float32' | 'int32'): Float32Array | Int32Array {
  const [s0, s1, s2] = norm.scale as [number, number, number];
  const [o0, o1, o2] = norm.offset as [number, number, number];
  if (s0 === 1 && s1 === 1 && s2 === 1 && o0 === 0 && o1 === 0 && o2 === 0)
    return dtype === 'int32' ? new Int32Array(data) : new Float32Array(data);
  const out = new Float32Array(data.length);
  for (let i = 0; i < data.length; i += 3) {
    out[i] = data[i]! * s0 + o0;
    out[i + 1] = data[i + 1]! * s1 + o1;
    out[i + 2] = data[i + 2]! * s2 + o2;
  }
  return dtype === 'int32' ? roundToInt32(out) : out;
}

/** A square crop rotated by `angle` radians around (cx, cy), `size` source pixels wide. */
export interface RotatedCrop {
  cx: number;
  cy: number;
  size: number;
  angle: number;
}

/** Samples a rotated square crop into an `outSize²` NHWC float tensor, normalised. */
export function rotatedCropToTensor(img: RgbImage, crop: RotatedCrop, outSize: number, norm: Normalisation = IDENTITY): Float32Array {
  const out = new Float32Array(outSize * outSize * 3);
  const cos = Math.cos(crop.angle),
    sin = Math.sin(crop.angle),
    step = crop.size / outSize;
  const px = new Float32Array(3);
  for (let y = 0; y < outSize; y++) {
    for (let x = 0; x < outSize; x++) {
      const u = (x + 0.5) * step - crop.size / 2,
        v = (y + 0.5) * step - crop.size / 2;
      sample(img, crop.cx + u * cos - v * sin - 0.5, crop.cy + u * sin + v * cos - 0.5, px, 0);
      const o = (y * outSize + x) * 3;
      for (let k = 0; k < 3; k++) out[o + k] = px[k]! * norm.scale[k]! + norm.offset[k]!;
    }
  }
  return out;
}

/** Axis-aligned crop of `box` stretched to `outW × outH` (appearance crops). */
export function cropToTensor(img: RgbImage, box: Box, outW: number, outH: number, norm: Normalisation = IDENTITY): Float32Array {
  const bw = Math.max(1, box.x2 - box.x1),
    bh = Math.max(1, box.y2 - box.y1);
  const t: FitTransform = {
    scaleX: outW / bw,
    scaleY: outH / bh,
    padX: -box.x1 * (outW / bw),
    padY: -box.y1 * (outH / bh),
    srcWidth: img.width,
    srcHeight: img.height,
    dstWidth: outW,
    dstHeight: outH,
  };
  const out = new Float32Array(outW * outH * 3);
  const px = new Float32Array(3);
  for (let y = 0; y < outH; y++)
    for (let x = 0; x < outW; x++) {
      sample(img, (x + 0.5 - t.padX) / t.scaleX - 0.5, (y + 0.5 - t.padY) / t.scaleY - 0.5, px, 0);
      const o = (y * outW + x) * 3;
      for (let k = 0; k < 3; k++) out[o + k] = px[k]! * norm.scale[k]! + norm.offset[k]!;
    }
  return out;
}
