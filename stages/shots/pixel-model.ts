import { readFileSync, statSync } from 'node:fs';
import { z } from 'zod';
import { ValidationError } from '../../core/errors';
import { parseOrThrow } from '../../core/validate';

/**
 * The pixel model: a second look at the temporal model's uncertain cut peaks. A small CNN reads
 * the 64×36 rgb24 shot frames t − half … t + half − 1 themselves (not the detector's features) and
 * gives P(a cut lands on t): each frame through three stride-2 3×3 convolutions, the per-frame
 * maps and their absolute steps through two 3×3×3 convolutions over time, mean- and max-pooled,
 * with a branch over the cosine self-similarity of the frames' pooled maps (as TransNetV2 has),
 * then two dense layers. The window is normalised by its own mean and spread, so a darkened take
 * reads like a bright one. Trained by `training/shots/train_pixel_model.py`; its weights ship as
 * JSON next to the ONNX export (`models/shots/`), evaluated here in typed-array maths because the
 * detector's `push` is synchronous (test/shots/pixel-model.test.ts checks this forward against
 * the ONNX file through models/runtime.ts and against PyTorch).
 */
export const PIXEL_MODEL_WEIGHTS_URL = new URL('../../models/shots/pixel-model.weights.json', import.meta.url);

const TensorSchema = z.object({ shape: z.array(z.number().int().positive()), data: z.array(z.number()) });

export const PixelModelWeightsSchema = z.object({
  name: z.literal('shot-pixel-cnn'),
  version: z.string(),
  half: z.number().int().min(2).max(16),
  height: z.literal(36),
  width: z.literal(64),
  encoder: z.tuple([z.number().int().positive(), z.number().int().positive(), z.number().int().positive()]),
  temporal: z.number().int().positive(),
  similarity: z.number().int().positive(),
  head: z.number().int().positive(),
  tensors: z.record(z.string(), TensorSchema),
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

interface Conv {
  w: Float64Array;
  b: Float64Array;
  out: number;
  in: number;
}

/** Output size of a stride-2, pad-1, 3-tap convolution. */
const half2 = (n: number) => Math.floor((n - 1) / 2) + 1;

/** Builds the classifier from weights, checking every tensor's shape. */
export function pixelClassifierFrom(weights: PixelModelWeights): PixelClassifier {
  const { version, half, height: H, width: W, temporal: TC, similarity: SIM, head: HEAD } = weights;
  const [c1, c2, c3] = weights.encoder;
  const T = 2 * half;
  const tensor = (name: string, shape: number[]): Float64Array => {
    const t = weights.tensors[name];
    if (!t) throw new ValidationError(`pixel model ${version}: tensor ${name} is missing`);
    if (t.shape.join('×') !== shape.join('×'))
      throw new ValidationError(`pixel model ${version}: tensor ${name} is ${t.shape.join('×')}, expected ${shape.join('×')}`);
    if (t.data.length !== shape.reduce((a, b) => a * b, 1))
      throw new ValidationError(`pixel model ${version}: tensor ${name} has ${t.data.length} values for ${shape.join('×')}`);
    return Float64Array.from(t.data);
  };
  const conv = (name: string, out: number, inp: number, k: number[]): Conv => ({
    w: tensor(`${name}.weight`, [out, inp, ...k]),
    b: tensor(`${name}.bias`, [out]),
    out,
    in: inp,
  });
  const e1 = conv('e1', c1, 3, [3, 3]);
  const e2 = conv('e2', c2, c1, [3, 3]);
  const e3 = conv('e3', c3, c2, [3, 3]);
  const t1 = conv('t1', TC, 2 * c3, [3, 3, 3]);
  const t2 = conv('t2', TC, TC, [3, 3, 3]);
  const T1 = T - 2;
  const T2 = T - 4;
  const sim = { w: tensor('sim.weight', [SIM, T * T]), b: tensor('sim.bias', [SIM]) };
  const fc1 = { w: tensor('fc1.weight', [HEAD, 2 * TC * T2 + SIM]), b: tensor('fc1.bias', [HEAD]) };
  const fc2 = { w: tensor('fc2.weight', [1, HEAD]), b: tensor('fc2.bias', [1]) };
  const h1 = half2(H);
  const w1 = half2(W);
  const h2 = half2(h1);
  const w2 = half2(w1);
  const h3 = half2(h2);
  const w3 = half2(w2);
  const plane = h3 * w3;
  // Scratch, used only inside one synchronous call.
  const x0 = new Float64Array(3 * H * W);
  const a1 = new Float64Array(c1 * h1 * w1);
  const a2 = new Float64Array(c2 * h2 * w2);
  // g: channels (features, then steps) × time × h3 × w3.
  const g = new Float64Array(2 * c3 * T * plane);
  const g1 = new Float64Array(TC * T1 * plane);
  const g2 = new Float64Array(TC * T2 * plane);
  const pooledMean = new Float64Array(c3 * T);
  const simMatrix = new Float64Array(T * T);
  const z = new Float64Array(2 * TC * T2 + SIM);
  const hidden = new Float64Array(HEAD);
  // Zero-bordered inputs (even width for the stride-2 layers; room for the last taps' overrun) and one output plane.
  const padded = new Float64Array(
    Math.max(3 * (H + 2) * (W + 4), c1 * (h1 + 2) * (w1 + 4), c2 * (h2 + 2) * (w2 + 4), 2 * c3 * T * (h3 + 2) * (w3 + 2)) + 64,
  );
  const acc = new Float64Array(Math.max(h1 * (w1 + 4), T1 * (h3 + 2) * (w3 + 2)));

  /**
   * Stride-2, pad-1 3×3 convolution + ReLU of src (c.in × h × w) into dst (c.out planes of
   * half2(h) × half2(w), plane o at dstOffset + o·dstStride). The input is copied once into a
   * zero-bordered scratch, so the loops need no edge tests; each weight runs over whole output
   * rows.
   */
  function conv2d(c: Conv, src: Float64Array, h: number, w: number, dst: Float64Array, dstOffset: number, dstStride: number): void {
    const oh = half2(h);
    const ow = half2(w);
    const ph = h + 2;
    const pw = w + 2;
    const n = oh * ow;
    padded.fill(0, 0, c.in * ph * pw);
    for (let i = 0; i < c.in; i++)
      for (let y = 0; y < h; y++) padded.set(src.subarray((i * h + y) * w, (i * h + y + 1) * w), (i * ph + y + 1) * pw + 1);
    for (let o = 0; o < c.out; o++) {
      acc.fill(c.b[o] ?? 0, 0, n);
      for (let i = 0; i < c.in; i++)
        for (let ky = 0; ky < 3; ky++)
          for (let kx = 0; kx < 3; kx++) {
            const wv = c.w[((o * c.in + i) * 3 + ky) * 3 + kx]!;
            const base = (i * ph + ky) * pw + kx;
            for (let y = 0; y < oh; y++) {
              const row = base + 2 * y * pw;
              const ar = y * ow;
              for (let x = 0; x < ow; x++) acc[ar + x] = acc[ar + x]! + wv * padded[row + 2 * x]!;
            }
          }
      const out = dstOffset + o * dstStride;
      for (let k = 0; k < n; k++) dst[out + k] = Math.max(acc[k]!, 0);
    }
  }

  /**
   * 3×3×3 convolution (no time padding, pad 1 in space) + ReLU of src (c.in × t × h3 × w3) into
   * dst (c.out × (t − 2) × h3 × w3), through a zero-bordered copy of the input: each weight
   * runs over one flat stretch of the output in the padded layout (border positions dropped).
   */
  function conv3d(c: Conv, src: Float64Array, t: number, dst: Float64Array): void {
    const ot = t - 2;
    const ph = h3 + 2;
    const pw = w3 + 2;
    const pp = ph * pw;
    const n = ot * pp;
    padded.fill(0, 0, c.in * t * pp + 2 * pw + 2);
    for (let i = 0; i < c.in * t; i++)
      for (let y = 0; y < h3; y++) padded.set(src.subarray((i * h3 + y) * w3, (i * h3 + y + 1) * w3), i * pp + (y + 1) * pw + 1);
    for (let o = 0; o < c.out; o++) {
      acc.fill(c.b[o] ?? 0, 0, n);
      for (let i = 0; i < c.in; i++)
        for (let kt = 0; kt < 3; kt++)
          for (let ky = 0; ky < 3; ky++)
            for (let kx = 0; kx < 3; kx++) {
              const wv = c.w[(((o * c.in + i) * 3 + kt) * 3 + ky) * 3 + kx]!;
              const base = (i * t + kt) * pp + ky * pw + kx;
              for (let q = 0; q < n; q++) acc[q] = acc[q]! + wv * padded[base + q]!;
            }
      const out = o * ot * plane;
      for (let tt = 0; tt < ot; tt++)
        for (let y = 0; y < h3; y++)
          for (let x = 0; x < w3; x++) dst[out + (tt * h3 + y) * w3 + x] = Math.max(acc[tt * pp + y * pw + x]!, 0);
    }
  }

  return {
    version,
    half,
    probability(frames: readonly Uint8Array[]): number {
      if (frames.length !== T) throw new ValidationError(`pixel model: ${frames.length} frames, expected ${T}`);
      const size = H * W * 3;
      // The window's mean and (n − 1) spread, on a 0…1 scale.
      let sum = 0;
      for (const f of frames) {
        if (f.length !== size) throw new ValidationError(`pixel model: a frame has ${f.length} bytes, expected ${size} (${W}×${H} rgb24)`);
        for (let i = 0; i < size; i++) sum += f[i]!;
      }
      const n = T * size;
      const mean = sum / n / 255;
      let sq = 0;
      for (const f of frames)
        for (let i = 0; i < size; i++) {
          const d = f[i]! / 255 - mean;
          sq += d * d;
        }
      const scale = 1 / (Math.sqrt(sq / (n - 1)) + 0.02);
      for (let t = 0; t < T; t++) {
        const f = frames[t]!;
        for (let p = 0, i = 0; p < H * W; p++, i += 3) {
          x0[p] = (f[i]! / 255 - mean) * scale;
          x0[H * W + p] = (f[i + 1]! / 255 - mean) * scale;
          x0[2 * H * W + p] = (f[i + 2]! / 255 - mean) * scale;
        }
        conv2d(e1, x0, H, W, a1, 0, h1 * w1);
        conv2d(e2, a1, h1, w1, a2, 0, h2 * w2);
        // Channel c of frame t lands at g[c][t].
        conv2d(e3, a2, h2, w2, g, t * plane, T * plane);
      }
      // Steps: channel c3 + c at time t is |f_t − f_{t−1}| (0 at t = 0); pooled means of the maps.
      for (let c = 0; c < c3; c++)
        for (let t = 0; t < T; t++) {
          const src = (c * T + t) * plane;
          const dst = ((c3 + c) * T + t) * plane;
          let m = 0;
          for (let p = 0; p < plane; p++) {
            g[dst + p] = t === 0 ? 0 : Math.abs(g[src + p]! - g[src - plane + p]!);
            m += g[src + p]!;
          }
          pooledMean[t * c3 + c] = m / plane;
        }
      conv3d(t1, g, T, g1);
      conv3d(t2, g1, T1, g2);
      for (let c = 0; c < TC; c++)
        for (let t = 0; t < T2; t++) {
          const base = (c * T2 + t) * plane;
          let s = 0;
          let mx = Number.NEGATIVE_INFINITY;
          for (let p = 0; p < plane; p++) {
            const v = g2[base + p]!;
            s += v;
            if (v > mx) mx = v;
          }
          z[c * T2 + t] = s / plane;
          z[(TC + c) * T2 + t] = mx;
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
      const zs = 2 * TC * T2;
      for (let o = 0; o < SIM; o++) {
        let s = sim.b[o]!;
        for (let i = 0; i < T * T; i++) s += sim.w[o * T * T + i]! * simMatrix[i]!;
        z[zs + o] = Math.max(s, 0);
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
    },
  };
}
