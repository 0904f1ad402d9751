import { readFileSync, statSync } from 'node:fs';
import { z } from 'zod';
import { ValidationError } from '../../core/errors';
import { parseOrThrow } from '../../core/validate';
import { THUMB_HEIGHT, THUMB_WIDTH } from './recheck';
import { type SimdKernels, simdKernels } from './simd';

/**
 * The pixel model: a second look at the temporal model's uncertain cut peaks. A small CNN reads
 * the 64×36 rgb24 shot frames t − half … t + half − 1 themselves (not the detector's features) and
 * gives P(a cut lands on t): each frame (its luma, or rgb) through three stride-2 3×3
 * convolutions, the per-frame maps and their absolute steps through two convolutions over time
 * and space, mean- and max-pooled, with a branch over the cosine self-similarity of the frames'
 * pooled maps (as TransNetV2 has), then two dense layers. The window is normalised by its own
 * mean and spread, so a darkened take reads like a bright one. Every convolution runs as one
 * matrix product over all frames (im2col, then a 4×4-blocked product): ~5 M multiply-adds,
 * a few milliseconds a window and net. Since version 2 the model is the mean of three such nets,
 * trained alike from seeds 0, 1 and 2 (one seed's luck on the hard peaks moved the tune errors by as
 * much as most changes tried). Since version 3 the nets train on read montages the temporal model
 * never trained on (training/shots/montages.ts `train-pixel`), where its peaks are as unsure as on
 * new footage; since version 5 (thirty-first pass) also on twelve long-take montages (ptakes-a…l:
 * hand-held moves, long pans, 6–20 s takes), which versions 3 and 4 never saw; since version 6
 * (thirty-sixth pass) also on the sixteen `magnify` montages, every piece cropped, zoomed, panned or
 * shaken (magnified motion as non-cuts, magnified jump cuts as cuts). Trained by `training/shots/train_pixel_model.py`; its weights ship as
 * JSON next to the ONNX export (`models/shots/`), evaluated here in typed-array maths because the
 * detector's `push` is synchronous (test/shots/pixel-model.test.ts checks this forward against
 * the ONNX file through models/runtime.ts and against PyTorch).
 */
export const PIXEL_MODEL_WEIGHTS_URL = new URL('../../models/shots/pixel-model.weights.json', import.meta.url);

const TensorSchema = z.object({ shape: z.array(z.number().int().positive()), data: z.array(z.number()) });
const Kernel3Schema = z.object({
  /** (time, y, x). */
  kernel: z.tuple([z.number().int().min(1).max(5), z.number().int().min(1).max(5), z.number().int().min(1).max(5)]),
  /** Padding (time, y, x): none in time. */
  pad: z.tuple([z.literal(0), z.number().int().min(0).max(2), z.number().int().min(0).max(2)]),
});

export const PixelModelWeightsSchema = z.object({
  name: z.literal('shot-pixel-cnn'),
  version: z.string(),
  half: z.number().int().min(2).max(16),
  height: z.literal(36),
  width: z.literal(64),
  /** Whether the model reads luma (BT.601, made from the rgb frames) instead of rgb. */
  gray: z.boolean(),
  encoder: z.tuple([z.number().int().positive(), z.number().int().positive(), z.number().int().positive()]),
  temporal: z.number().int().positive(),
  t1: Kernel3Schema,
  t2: Kernel3Schema,
  similarity: z.number().int().positive(),
  head: z.number().int().positive(),
  /**
   * The nets' tensors, one record per net: every net has the shape above and was trained alike
   * from its own seed; the model's P(cut) is their mean (an ensemble).
   */
  members: z.array(z.record(z.string(), TensorSchema)).min(1).max(8),
});
export type PixelModelWeights = z.infer<typeof PixelModelWeightsSchema>;

/** A loaded pixel model. */
export interface PixelClassifier {
  readonly version: string;
  /** Frames before t the model reads (and as many from t on): the window is 2·half frames. */
  readonly half: number;
  /** P(a cut lands on t) from the rgb24 64×36 frames t − half … t + half − 1, in order. */
  probability(frames: readonly Uint8Array[]): number;
}

const loaded = new Map<string, { stamp: string; classifier: PixelClassifier }>();

/** Reads and checks the shipped weights; the parsed model is kept per file (and its size and mtime). */
export function loadPixelClassifier(url: URL = PIXEL_MODEL_WEIGHTS_URL): PixelClassifier {
  const st = statSync(url);
  const stamp = `${st.size}:${st.mtimeMs}`;
  const hit = loaded.get(url.href);
  if (hit?.stamp === stamp) return hit.classifier;
  const weights = parseOrThrow(PixelModelWeightsSchema, JSON.parse(readFileSync(url, 'utf8')), 'pixel model weights');
  const classifier = pixelClassifierFrom(weights);
  loaded.set(url.href, { stamp, classifier });
  return classifier;
}

/** Writes the 64×36 rgb24 frame mirrored left to right into `out` (not the same array) and returns it. */
export function mirrorFrame(frame: Uint8Array, out: Uint8Array): Uint8Array {
  const width = THUMB_WIDTH;
  const height = THUMB_HEIGHT;
  if (frame.length !== width * height * 3 || out.length !== frame.length || out === frame)
    throw new Error('mirrorFrame: a 64×36 rgb24 frame and another array of its size');
  for (let y = 0; y < height; y++) {
    const row = y * width * 3;
    for (let x = 0; x < width; x++) {
      const from = row + 3 * x;
      const to = row + 3 * (width - 1 - x);
      out[to] = frame[from]!;
      out[to + 1] = frame[from + 1]!;
      out[to + 2] = frame[from + 2]!;
    }
  }
  return out;
}

/** A tensor laid out [channel][time][y][x]. */
interface Shape {
  c: number;
  t: number;
  h: number;
  w: number;
}

/** A convolution over (time, y, x) with stride (1, s, s) and padding (0, p, p), + ReLU. */
interface Conv {
  /** [out][in·kt·ky·kx], PyTorch's weight layout flattened. */
  w: Float64Array;
  b: Float64Array;
  out: number;
  kt: number;
  ky: number;
  kx: number;
  stride: number;
  pad: number;
  input: Shape;
  output: Shape;
}

/**
 * out (O × P) = relu(W (O × K) · cols (K × P) + b), in 4×4 blocks: sixteen running sums, eight
 * loads for sixteen multiply-adds.
 */
function gemmRelu(w: Float64Array, b: Float64Array, cols: Float64Array, out: Float64Array, O: number, K: number, P: number): void {
  for (let o = 0; o < O; o += 4) {
    const full = o + 4 <= O;
    for (let p = 0; p < P; p += 4) {
      if (full && p + 4 <= P) {
        let s00 = b[o]!;
        let s01 = s00;
        let s02 = s00;
        let s03 = s00;
        let s10 = b[o + 1]!;
        let s11 = s10;
        let s12 = s10;
        let s13 = s10;
        let s20 = b[o + 2]!;
        let s21 = s20;
        let s22 = s20;
        let s23 = s20;
        let s30 = b[o + 3]!;
        let s31 = s30;
        let s32 = s30;
        let s33 = s30;
        const r0 = o * K;
        const r1 = r0 + K;
        const r2 = r1 + K;
        const r3 = r2 + K;
        for (let k = 0, at = p; k < K; k++, at += P) {
          const x0 = cols[at]!;
          const x1 = cols[at + 1]!;
          const x2 = cols[at + 2]!;
          const x3 = cols[at + 3]!;
          const w0 = w[r0 + k]!;
          const w1 = w[r1 + k]!;
          const w2 = w[r2 + k]!;
          const w3 = w[r3 + k]!;
          s00 += w0 * x0;
          s01 += w0 * x1;
          s02 += w0 * x2;
          s03 += w0 * x3;
          s10 += w1 * x0;
          s11 += w1 * x1;
          s12 += w1 * x2;
          s13 += w1 * x3;
          s20 += w2 * x0;
          s21 += w2 * x1;
          s22 += w2 * x2;
          s23 += w2 * x3;
          s30 += w3 * x0;
          s31 += w3 * x1;
          s32 += w3 * x2;
          s33 += w3 * x3;
        }
        const a0 = o * P + p;
        out[a0] = Math.max(s00, 0);
        out[a0 + 1] = Math.max(s01, 0);
        out[a0 + 2] = Math.max(s02, 0);
        out[a0 + 3] = Math.max(s03, 0);
        const a1 = a0 + P;
        out[a1] = Math.max(s10, 0);
        out[a1 + 1] = Math.max(s11, 0);
        out[a1 + 2] = Math.max(s12, 0);
        out[a1 + 3] = Math.max(s13, 0);
        const a2 = a1 + P;
        out[a2] = Math.max(s20, 0);
        out[a2 + 1] = Math.max(s21, 0);
        out[a2 + 2] = Math.max(s22, 0);
        out[a2 + 3] = Math.max(s23, 0);
        const a3 = a2 + P;
        out[a3] = Math.max(s30, 0);
        out[a3 + 1] = Math.max(s31, 0);
        out[a3 + 2] = Math.max(s32, 0);
        out[a3 + 3] = Math.max(s33, 0);
      } else {
        for (let oo = o; oo < Math.min(o + 4, O); oo++)
          for (let pp = p; pp < Math.min(p + 4, P); pp++) {
            let s = b[oo]!;
            for (let k = 0; k < K; k++) s += w[oo * K + k]! * cols[k * P + pp]!;
            out[oo * P + pp] = Math.max(s, 0);
          }
      }
    }
  }
}

/**
 * gemmRelu with its whole 4×4 blocks on WebAssembly SIMD (simd.ts gemmRelu4: each sum in the
 * loop's order, so bit-identical) and the edge rows and columns in the loop. Every array is a
 * view of the kernels' memory.
 */
function simdGemmRelu(
  kernels: SimdKernels,
  w: Float64Array,
  b: Float64Array,
  cols: Float64Array,
  out: Float64Array,
  O: number,
  K: number,
  P: number,
): void {
  const O4 = O - (O % 4);
  const P4 = P - (P % 4);
  if (O4 > 0 && P4 > 0) kernels.gemmRelu4(w.byteOffset, b.byteOffset, cols.byteOffset, out.byteOffset, O4, K, P, P4);
  for (let o = 0; o < O; o++)
    for (let p = o < O4 ? P4 : 0; p < P; p++) {
      let s = b[o]!;
      for (let k = 0; k < K; k++) s += w[o * K + k]! * cols[k * P + p]!;
      out[o * P + p] = Math.max(s, 0);
    }
}

/** Output size of `n` through a kernel of `k` taps, stride `s`, padding `p` each side. */
const outSize = (n: number, k: number, s: number, p: number) => Math.floor((n + 2 * p - k) / s) + 1;

/**
 * Builds the classifier from weights, checking every tensor's shape: P(cut) is the mean of its
 * member nets' (the second member's forward costs as much as the first).
 */
export function pixelClassifierFrom(weights: PixelModelWeights, options: { simd?: boolean } = {}): PixelClassifier {
  const { version, half, height: H, width: W } = weights;
  const T = 2 * half;
  const nets = weights.members.map((tensors, k) =>
    memberNet(weights, tensors, `pixel model ${version}, net ${k + 1}`, options.simd !== false),
  );
  // The window as every net reads it, made once per look (scratch, used only inside one synchronous call).
  const input = new Float64Array((weights.gray ? 1 : 3) * T * H * W);
  return {
    version,
    half,
    probability(frames: readonly Uint8Array[]): number {
      if (frames.length !== T) throw new ValidationError(`pixel model: ${frames.length} frames, expected ${T}`);
      const bytes = H * W * 3;
      for (const fr of frames)
        if (fr.length !== bytes)
          throw new ValidationError(`pixel model: a frame has ${fr.length} bytes, expected ${bytes} (${W}×${H} rgb24)`);
      normalise(frames, input, T, H * W, weights.gray);
      let sum = 0;
      for (const net of nets) sum += net(input);
      return sum / nets.length;
    },
  };
}

/**
 * The window as the nets read it: [channel][time][y][x], 0…1 (luma, BT.601, when `gray`), then
 * normalised by its own mean and (n − 1) spread.
 */
function normalise(frames: readonly Uint8Array[], x0: Float64Array, T: number, px: number, gray: boolean): void {
  let sum = 0;
  for (let t = 0; t < T; t++) {
    const fr = frames[t]!;
    for (let p = 0, i = 0; p < px; p++, i += 3) {
      if (gray) {
        const v = (fr[i]! / 255) * 0.299 + (fr[i + 1]! / 255) * 0.587 + (fr[i + 2]! / 255) * 0.114;
        x0[t * px + p] = v;
        sum += v;
      } else
        for (let c = 0; c < 3; c++) {
          const v = fr[i + c]! / 255;
          x0[(c * T + t) * px + p] = v;
          sum += v;
        }
    }
  }
  const n = x0.length;
  const mean = sum / n;
  let sq = 0;
  for (let i = 0; i < n; i++) sq += (x0[i]! - mean) ** 2;
  const scale = 1 / (Math.sqrt(sq / (n - 1)) + 0.02);
  for (let i = 0; i < n; i++) x0[i] = (x0[i]! - mean) * scale;
}

/** One member net's forward over a normalised window (normalise), its tensors checked against the shape in `weights`. */
function memberNet(
  weights: PixelModelWeights,
  tensors: PixelModelWeights['members'][number],
  label: string,
  simd: boolean,
): (x0: Float64Array) => number {
  const { half, height: H, width: W, temporal: TC, similarity: SIM, head: HEAD, gray } = weights;
  const [c1, c2, c3] = weights.encoder;
  const T = 2 * half;
  const tensor = (name: string, shape: number[]): Float64Array => {
    const t = tensors[name];
    if (!t) throw new ValidationError(`${label}: tensor ${name} is missing`);
    if (t.shape.join('×') !== shape.join('×'))
      throw new ValidationError(`${label}: tensor ${name} is ${t.shape.join('×')}, expected ${shape.join('×')}`);
    if (t.data.length !== shape.reduce((a, b) => a * b, 1))
      throw new ValidationError(`${label}: tensor ${name} has ${t.data.length} values for ${shape.join('×')}`);
    return Float64Array.from(t.data);
  };
  const conv = (name: string, input: Shape, out: number, kernel: readonly number[], stride: number, pad: number, space: 2 | 3): Conv => {
    const [kt, ky, kx] = kernel as [number, number, number];
    const output = { c: out, t: input.t - kt + 1, h: outSize(input.h, ky, stride, pad), w: outSize(input.w, kx, stride, pad) };
    if (output.t < 1 || output.h < 1 || output.w < 1) throw new ValidationError(`${label}: layer ${name} has no output`);
    const shape = space === 2 ? [out, input.c, ky, kx] : [out, input.c, kt, ky, kx];
    return { w: tensor(`${name}.weight`, shape), b: tensor(`${name}.bias`, [out]), out, kt, ky, kx, stride, pad, input, output };
  };
  const cin = gray ? 1 : 3;
  const e1 = conv('e1', { c: cin, t: T, h: H, w: W }, c1, [1, 3, 3], 2, 1, 2);
  const e2 = conv('e2', e1.output, c2, [1, 3, 3], 2, 1, 2);
  const e3 = conv('e3', e2.output, c3, [1, 3, 3], 2, 1, 2);
  const f = e3.output;
  const spatialPad = (k: PixelModelWeights['t1']) => {
    if (k.pad[1] !== k.pad[2]) throw new ValidationError(`${label}: unequal y and x padding`);
    return k.pad[1];
  };
  const t1 = conv('t1', { c: 2 * c3, t: T, h: f.h, w: f.w }, TC, weights.t1.kernel, 1, spatialPad(weights.t1), 3);
  const t2 = conv('t2', t1.output, TC, weights.t2.kernel, 1, spatialPad(weights.t2), 3);
  const last = t2.output;
  const plane = last.h * last.w;
  const pooledSize = 2 * TC * last.t;
  const sim = { w: tensor('sim.weight', [SIM, T * T]), b: tensor('sim.bias', [SIM]) };
  const fc1 = { w: tensor('fc1.weight', [HEAD, pooledSize + SIM]), b: tensor('fc1.bias', [HEAD]) };
  const fc2 = { w: tensor('fc2.weight', [1, HEAD]), b: tensor('fc2.bias', [1]) };
  const size = (s: Shape) => s.c * s.t * s.h * s.w;
  const layers = [e1, e2, e3, t1, t2];
  const colsSize = (l: Conv) => l.input.c * l.kt * l.ky * l.kx * l.output.t * l.output.h * l.output.w;
  // The convolutions' weights, columns and outputs live in the SIMD kernels' memory when there are kernels (simd.ts gemmRelu4).
  const inKernels = [
    ...layers.map((l) => l.w.length + l.b.length),
    Math.max(...layers.map(colsSize)),
    ...layers.map((l) => size(l.output)),
  ];
  const kernels = simd ? simdKernels(inKernels.reduce((a, b) => a + b, 0) * 8) : undefined;
  let used = 0;
  const place = (n: number): Float64Array => {
    if (!kernels) return new Float64Array(n);
    used += n;
    return new Float64Array(kernels.memory.buffer, (used - n) * 8, n);
  };
  const moved = (values: Float64Array): Float64Array => {
    const view = place(values.length);
    view.set(values);
    return view;
  };
  for (const l of layers) {
    l.w = moved(l.w);
    l.b = moved(l.b);
  }
  // Scratch, used only inside one synchronous call.
  const cols = place(Math.max(...layers.map(colsSize)));
  const a1 = place(size(e1.output));
  const a2 = place(size(e2.output));
  const a3 = place(size(f));
  const g1 = place(size(t1.output));
  const g2 = place(size(last));
  // The temporal layers' input: the maps, then their steps (channel c3 + c at time t: |f_t − f_{t−1}|, 0 at t = 0).
  const g = new Float64Array(size(t1.input));
  const pooledMean = new Float64Array(c3 * T);
  const simMatrix = new Float64Array(T * T);
  const z = new Float64Array(pooledSize + SIM);
  const hidden = new Float64Array(HEAD);

  /** The layer's receptive fields as columns (K × P), zero where the padding is. */
  function im2col(l: Conv, src: Float64Array): void {
    const { input: i, output: o, kt, ky, kx, stride, pad } = l;
    const P = o.t * o.h * o.w;
    let row = 0;
    for (let c = 0; c < i.c; c++)
      for (let dt = 0; dt < kt; dt++)
        for (let dy = 0; dy < ky; dy++)
          for (let dx = 0; dx < kx; dx++, row++) {
            let at = row * P;
            for (let t = 0; t < o.t; t++) {
              const base = (c * i.t + t + dt) * i.h;
              for (let y = 0; y < o.h; y++) {
                const iy = y * stride - pad + dy;
                if (iy < 0 || iy >= i.h) {
                  cols.fill(0, at, at + o.w);
                  at += o.w;
                  continue;
                }
                const rowAt = (base + iy) * i.w;
                for (let x = 0; x < o.w; x++, at++) {
                  const ix = x * stride - pad + dx;
                  cols[at] = ix < 0 || ix >= i.w ? 0 : src[rowAt + ix]!;
                }
              }
            }
          }
  }

  function run(l: Conv, src: Float64Array, dst: Float64Array): void {
    im2col(l, src);
    const [O, K, P] = [l.out, l.input.c * l.kt * l.ky * l.kx, l.output.t * l.output.h * l.output.w];
    if (kernels) simdGemmRelu(kernels, l.w, l.b, cols, dst, O, K, P);
    else gemmRelu(l.w, l.b, cols, dst, O, K, P);
  }

  return (x0: Float64Array): number => {
    run(e1, x0, a1);
    run(e2, a1, a2);
    run(e3, a2, a3);
    const fp = f.h * f.w;
    g.set(a3, 0);
    for (let c = 0; c < c3; c++)
      for (let t = 0; t < T; t++) {
        const src = (c * T + t) * fp;
        const dst = ((c3 + c) * T + t) * fp;
        let m = 0;
        for (let p = 0; p < fp; p++) {
          g[dst + p] = t === 0 ? 0 : Math.abs(a3[src + p]! - a3[src - fp + p]!);
          m += a3[src + p]!;
        }
        pooledMean[t * c3 + c] = m / fp;
      }
    run(t1, g, g1);
    run(t2, g1, g2);
    for (let c = 0; c < TC; c++)
      for (let t = 0; t < last.t; t++) {
        const base = (c * last.t + t) * plane;
        let s = 0;
        let mx = Number.NEGATIVE_INFINITY;
        for (let p = 0; p < plane; p++) {
          const v = g2[base + p]!;
          s += v;
          if (v > mx) mx = v;
        }
        z[c * last.t + t] = s / plane;
        z[(TC + c) * last.t + t] = mx;
      }
    // Cosine self-similarity of the frames' pooled maps.
    for (let t = 0; t < T; t++) {
      let norm = 0;
      for (let c = 0; c < c3; c++) norm += pooledMean[t * c3 + c]! ** 2;
      const inv = 1 / Math.max(Math.sqrt(norm), 1e-12);
      for (let c = 0; c < c3; c++) pooledMean[t * c3 + c]! *= inv;
    }
    for (let i = 0; i < T; i++)
      for (let j = 0; j < T; j++) {
        let dot = 0;
        for (let c = 0; c < c3; c++) dot += pooledMean[i * c3 + c]! * pooledMean[j * c3 + c]!;
        simMatrix[i * T + j] = dot;
      }
    for (let o = 0; o < SIM; o++) {
      let s = sim.b[o]!;
      for (let i = 0; i < T * T; i++) s += sim.w[o * T * T + i]! * simMatrix[i]!;
      z[pooledSize + o] = Math.max(s, 0);
    }
    const zn = z.length;
    for (let o = 0; o < HEAD; o++) {
      let s = fc1.b[o]!;
      for (let i = 0; i < zn; i++) s += fc1.w[o * zn + i]! * z[i]!;
      hidden[o] = Math.max(s, 0);
    }
    let logit = fc2.b[0]!;
    for (let i = 0; i < HEAD; i++) logit += fc2.w[i]! * hidden[i]!;
    return 1 / (1 + Math.exp(-logit));
  };
}
