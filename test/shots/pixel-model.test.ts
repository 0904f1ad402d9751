import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parseManifest } from '../../models/manifest';
import { createSession } from '../../models/runtime';
import { loadPixelClassifier, PIXEL_MODEL_WEIGHTS_URL, pixelClassifierFrom, PixelModelWeightsSchema } from '../../stages/shots/pixel-model';
import { findTorchPython, runPython } from '../features/python';
import { testModelsConfig } from '../models/helpers';

const DIR = fileURLToPath(new URL('.', PIXEL_MODEL_WEIGHTS_URL));
const WEIGHTS = PixelModelWeightsSchema.parse(JSON.parse(readFileSync(PIXEL_MODEL_WEIGHTS_URL, 'utf8')));
const MANIFEST = parseManifest(JSON.parse(readFileSync(join(DIR, 'pixel-model.manifest.json'), 'utf8')), 'pixel-model.manifest.json');
const torch = findTorchPython();
const T = 2 * WEIGHTS.half;
const FRAME = 64 * 36 * 3;

/** A textured picture (two gratings and a few discs) that drifts with `t`, seeded by `scene`. */
function paint(out: Uint8Array, scene: number, t: number): void {
  const discs = Array.from({ length: 4 }, (_, k) => ({
    x: (17 * (scene + 1) * (k + 3)) % 64,
    y: (11 * (scene + 2) * (k + 1)) % 36,
    r: 3 + ((scene + k) % 5),
    v: (53 * (scene + k)) % 256,
  }));
  for (let y = 0; y < 36; y++)
    for (let x = 0; x < 64; x++) {
      const xs = x + 0.7 * t;
      for (let c = 0; c < 3; c++) {
        let v = 120 + 60 * Math.sin(0.21 * (scene + 1) * xs + 0.37 * y + c) + 40 * Math.cos(0.13 * y * (scene + 2) - 0.05 * xs);
        for (const d of discs) if ((xs - d.x) ** 2 + (y - d.y) ** 2 < d.r ** 2) v = d.v + 20 * c;
        out[(y * 64 + x) * 3 + c] = Math.max(0, Math.min(255, Math.round(v)));
      }
    }
}

/**
 * Windows of T frames, deterministic: even ones a cut in the middle (another scene from frame
 * `half` on), odd ones one drifting scene; every third darkened (×0.3).
 */
function windows(n: number): { bytes: Uint8Array; frames: Uint8Array[][] } {
  const bytes = new Uint8Array(n * T * FRAME);
  const frames = Array.from({ length: n }, (_, r) =>
    Array.from({ length: T }, (_, t) => {
      const f = bytes.subarray((r * T + t) * FRAME, (r * T + t + 1) * FRAME);
      paint(f, r % 2 === 0 && t >= WEIGHTS.half ? r + 7 : r, t);
      if (r % 3 === 0) for (let i = 0; i < FRAME; i++) f[i] = Math.round(f[i]! * 0.3);
      return f;
    }),
  );
  return { bytes, frames };
}

async function onnxProbabilities(bytes: Uint8Array, n: number): Promise<number[]> {
  const session = await createSession(join(DIR, MANIFEST.file), MANIFEST, testModelsConfig());
  try {
    const out = await session.run({ frames: { data: Float32Array.from(bytes), dims: [n, T, 36, 64, 3] } });
    return Array.from(out['probability']!.data as Float32Array);
  } finally {
    await session.release();
  }
}

describe('pixel model (models/shots)', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'lvu-pixel-model-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('its manifest names the shipped ONNX file by sha256', () => {
    // Act
    const sha = createHash('sha256')
      .update(readFileSync(join(DIR, MANIFEST.file)))
      .digest('hex');
    // Assess
    expect(sha).toBe(MANIFEST.sha256);
    expect(MANIFEST.name).toBe(WEIGHTS.name);
    expect(MANIFEST.version).toBe(WEIGHTS.version);
  });

  it('the detector’s own forward matches the ONNX file run through models/runtime.ts', async () => {
    // Prepare
    const n = 12;
    const { bytes, frames } = windows(n);
    // Act
    const model = loadPixelClassifier();
    const ours = frames.map((w) => model.probability(w));
    const onnx = await onnxProbabilities(bytes, n);
    // Assess: the windows with a cut score higher than those without, and every window agrees.
    const cuts = ours.filter((_, r) => r % 2 === 0);
    const takes = ours.filter((_, r) => r % 2 === 1);
    expect(Math.min(...cuts)).toBeGreaterThan(Math.max(...takes));
    ours.forEach((p, i) => expect(p).toBeCloseTo(onnx[i]!, 5));
  });

  it.skipIf(!torch.python)(`the ONNX export matches PyTorch${torch.python ? '' : ` [skipped: ${torch.why}]`}`, async () => {
    // Prepare
    const n = 8;
    const { bytes } = windows(n);
    const file = join(scratch, 'windows.u8');
    writeFileSync(file, bytes);
    // Act
    const reference = JSON.parse(
      runPython(torch.python!, 'shots/check_pixel_export.py', [fileURLToPath(PIXEL_MODEL_WEIGHTS_URL), file, String(n)]),
    ) as number[];
    const onnx = await onnxProbabilities(bytes, n);
    // Assess
    expect(reference).toHaveLength(n);
    reference.forEach((p, i) => expect(onnx[i]).toBeCloseTo(p, 5));
  });

  it('keeps one parsed model per weights file', () => {
    // Prepare
    const file = join(scratch, 'weights.json');
    writeFileSync(file, JSON.stringify(WEIGHTS));
    // Act
    const first = loadPixelClassifier(pathToFileURL(file));
    const again = loadPixelClassifier(pathToFileURL(file));
    // Assess
    expect(again).toBe(first);
  });

  it.each([
    {
      name: 'a missing tensor in its last net',
      change: (w: typeof WEIGHTS) => ({ ...w, members: [...w.members.slice(0, -1), { ...w.members.at(-1)!, 'fc2.bias': undefined! }] }),
    },
    {
      name: 'another encoder width',
      change: (w: typeof WEIGHTS) => ({ ...w, encoder: [w.encoder[0], w.encoder[1], w.encoder[2] + 1] as [number, number, number] }),
    },
    {
      name: 'a tensor of the wrong size',
      change: (w: typeof WEIGHTS) => ({
        ...w,
        members: [{ ...w.members[0]!, 'fc2.bias': { shape: [1], data: [0, 1] } }, ...w.members.slice(1)],
      }),
    },
  ])('refuses weights with $name', ({ change }) => {
    // Act + Assess
    expect(() => pixelClassifierFrom(change(WEIGHTS))).toThrow(/pixel model/);
  });

  it('gives the mean of its member nets', () => {
    // Prepare
    const { frames } = windows(4);
    const model = pixelClassifierFrom(WEIGHTS);
    const singles = WEIGHTS.members.map((m) => pixelClassifierFrom({ ...WEIGHTS, members: [m] }));
    // Act
    const ours = frames.map((w) => model.probability(w));
    const means = frames.map((w) => singles.reduce((s, net) => s + net.probability(w), 0) / singles.length);
    // Assess: the nets differ (trained from different seeds), and the model is their mean.
    expect(WEIGHTS.members.length).toBeGreaterThan(1);
    const spread = Math.max(...frames.map((w) => Math.abs(singles[0]!.probability(w) - singles[1]!.probability(w))));
    expect(spread).toBeGreaterThan(1e-4);
    ours.forEach((p, i) => expect(p).toBeCloseTo(means[i]!, 12));
  });

  it('refuses weights without a net', () => {
    // Act + Assess
    expect(PixelModelWeightsSchema.safeParse({ ...WEIGHTS, members: [] }).success).toBe(false);
  });

  it('refuses a window of the wrong length or frame size', () => {
    // Prepare
    const model = loadPixelClassifier();
    const { frames } = windows(1);
    // Act + Assess
    expect(() => model.probability(frames[0]!.slice(1))).toThrow(/frames, expected/);
    expect(() => model.probability([...frames[0]!.slice(1), new Uint8Array(10)])).toThrow(/bytes, expected/);
  });
});
