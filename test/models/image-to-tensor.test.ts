import { describe, expect, it } from 'vitest';
import { fitTransform, imageToTensor, type FitTransform, type RgbImage } from '../../models/preprocess';
import { mulberry32 } from '../helpers/random';

/** The per-pixel resampler imageToTensor replaced (kept here as the reference it must equal bit for bit). */
function reference(img: RgbImage, t: FitTransform, norm: { scale: number[]; offset: number[] }, dtype: 'float32' | 'int32') {
  const out = new Float32Array(t.dstWidth * t.dstHeight * 3);
  const px = new Float32Array(3);
  const sample = (x: number, y: number) => {
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
      px[k] = top + (bot - top) * fy;
    }
  };
  for (let y = 0; y < t.dstHeight; y++) {
    const sy = (y + 0.5 - t.padY) / t.scaleY - 0.5;
    const inY = sy >= -0.5 && sy <= t.srcHeight - 0.5;
    for (let x = 0; x < t.dstWidth; x++) {
      const sx = (x + 0.5 - t.padX) / t.scaleX - 0.5;
      const o = (y * t.dstWidth + x) * 3;
      if (inY && sx >= -0.5 && sx <= t.srcWidth - 0.5) sample(sx, sy);
      else px.fill(0);
      for (let k = 0; k < 3; k++) out[o + k] = px[k]! * norm.scale[k]! + norm.offset[k]!;
    }
  }
  return dtype === 'int32' ? Int32Array.from(out, Math.round) : out;
}

function randomImage(width: number, height: number, seed: number): RgbImage {
  const rnd = mulberry32(seed);
  return { width, height, data: Uint8Array.from({ length: width * height * 3 }, () => Math.floor(rnd() * 256)) };
}

describe('imageToTensor', () => {
  const norms = [
    { scale: [1, 1, 1], offset: [0, 0, 0] },
    { scale: [1 / 127.5, 1 / 127.5, 1 / 127.5], offset: [-1, -1, -1] },
    { scale: [0.017, 0.0175, 0.0174], offset: [-2.1, -2.03, -1.8] },
  ];
  const cases: [string, RgbImage, FitTransform][] = [
    ['identity 512×288', randomImage(512, 288, 1), fitTransform(512, 288, 512, 288)],
    ['letterbox 640×360 → 512²', randomImage(640, 360, 2), fitTransform(640, 360, 512, 512)],
    ['downscale 512² → 256²', randomImage(512, 512, 3), fitTransform(512, 512, 256, 256)],
    ['upscale + pillarbox 97×131 → 224²', randomImage(97, 131, 4), fitTransform(97, 131, 224, 224)],
    ['stretch 768×576 → 320×192', randomImage(768, 576, 5), fitTransform(768, 576, 320, 192, 'stretch')],
  ];
  for (const [name, img, t] of cases)
    it(`equals the per-pixel resampler bit for bit: ${name}`, () => {
      for (const norm of norms) {
        for (const dtype of ['float32', 'int32'] as const) {
          const got = imageToTensor(img, t, norm, dtype);
          const want = reference(img, t, norm, dtype);
          expect(got.length).toBe(want.length);
          let diff = 0;
          for (let i = 0; i < got.length; i++) if (!Object.is(got[i], want[i])) diff++;
          expect(diff).toBe(0);
        }
      }
    });
});
