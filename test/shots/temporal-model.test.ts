import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parseManifest } from '../../models/manifest';
import { createSession } from '../../models/runtime';
import { TEMPORAL_FEATURE_COUNT, TEMPORAL_FEATURE_NAMES, TEMPORAL_LAGS } from '../../stages/shots/temporal-features';
import {
  loadTemporalClassifier,
  TEMPORAL_MODEL_WEIGHTS_URL,
  temporalClassifierFrom,
  TemporalModelWeightsSchema,
} from '../../stages/shots/temporal-model';
import { findTorchPython, runPython } from '../features/python';
import { testModelsConfig } from '../models/helpers';

const DIR = fileURLToPath(new URL('.', TEMPORAL_MODEL_WEIGHTS_URL));
const WEIGHTS = TemporalModelWeightsSchema.parse(JSON.parse(readFileSync(TEMPORAL_MODEL_WEIGHTS_URL, 'utf8')));
const MANIFEST = parseManifest(JSON.parse(readFileSync(join(DIR, 'temporal-model.manifest.json'), 'utf8')), 'temporal-model.manifest.json');
const torch = findTorchPython();
const FRAMES = 2 * WEIGHTS.radius + 1;
const SIZE = FRAMES * TEMPORAL_FEATURE_COUNT;

/**
 * Whether feature i of the frame `offset` frames after a cut spans the cut: a lag-k distance
 * does for offsets 0 … k − 1 (the first 12 features are lags 1, 2, 4, 8 of three distances,
 * then two more lag-1 ones).
 */
function isCutPattern(offset: number, i: number): boolean {
  const lag = i < 12 ? TEMPORAL_LAGS[i % 4]! : i < 14 ? 1 : 0;
  return offset >= 0 && offset < lag;
}

/**
 * Whether feature i of the frame `offset` frames from the middle is raised inside a gradual
 * transition: every lag distance (the first 12 features) over the 13 middle frames, as a
 * dissolve's frames each differ from the ones before them.
 */
function isRampPattern(offset: number, i: number): boolean {
  return Math.abs(offset) <= 6 && i < 12;
}

/**
 * Windows spread around the training distribution (mean ± 1.5 std), deterministic; every
 * fourth one has a cut in the middle (isCutPattern), every fourth another a gradual ramp
 * (isRampPattern), so both outputs see high and low values.
 */
function windows(n: number): Float32Array {
  const out = new Float32Array(n * SIZE);
  for (let r = 0; r < n; r++)
    for (let t = 0; t < FRAMES; t++)
      for (let i = 0; i < TEMPORAL_FEATURE_COUNT; i++) {
        const jump = r % 4 === 0 && isCutPattern(t - WEIGHTS.radius, i) ? 6 : r % 4 === 2 && isRampPattern(t - WEIGHTS.radius, i) ? 3 : 0;
        out[r * SIZE + t * TEMPORAL_FEATURE_COUNT + i] =
          WEIGHTS.mean[i]! + WEIGHTS.std[i]! * (jump + 1.5 * Math.sin(1.7 * r + 2.3 * i + 0.9 * t + 0.5));
      }
  return out;
}

function tsProbabilities(x: Float32Array): number[][] {
  const model = loadTemporalClassifier();
  const out = new Float64Array(2);
  return Array.from({ length: x.length / SIZE }, (_, r) => {
    model.probabilities(x.subarray(r * SIZE, (r + 1) * SIZE), out);
    return [out[0]!, out[1]!];
  });
}

async function onnxProbabilities(x: Float32Array): Promise<number[][]> {
  const session = await createSession(join(DIR, MANIFEST.file), MANIFEST, testModelsConfig());
  try {
    const n = x.length / SIZE;
    const out = await session.run({ window: { data: x, dims: [n, FRAMES, TEMPORAL_FEATURE_COUNT] } });
    const p = out['probabilities']!.data as Float32Array;
    return Array.from({ length: n }, (_, r) => [p[2 * r]!, p[2 * r + 1]!]);
  } finally {
    await session.release();
  }
}

describe('temporal transition model (models/shots)', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'lvu-temporal-model-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('its manifest names the shipped ONNX file by sha256 and the detector’s features in order', () => {
    // Act
    const sha = createHash('sha256')
      .update(readFileSync(join(DIR, MANIFEST.file)))
      .digest('hex');
    // Assess
    expect(sha).toBe(MANIFEST.sha256);
    expect(MANIFEST.labels).toEqual([...TEMPORAL_FEATURE_NAMES]);
    expect(WEIGHTS.featureNames).toEqual([...TEMPORAL_FEATURE_NAMES]);
  });

  it('the detector’s own forward matches the ONNX file run through models/runtime.ts', async () => {
    // Prepare
    const x = windows(64);
    // Act
    const ours = tsProbabilities(x);
    const onnx = await onnxProbabilities(x);
    // Assess: both outputs move (P(cut) over most of (0, 1)), and every window agrees.
    const spread = (k: number) => Math.max(...ours.map((p) => p[k]!)) - Math.min(...ours.map((p) => p[k]!));
    expect(spread(0)).toBeGreaterThan(0.5);
    expect(spread(1)).toBeGreaterThan(0.2);
    ours.forEach((p, i) => {
      expect(p[0]).toBeCloseTo(onnx[i]![0]!, 5);
      expect(p[1]).toBeCloseTo(onnx[i]![1]!, 5);
    });
  });

  it.skipIf(!torch.python)(`the ONNX export matches PyTorch${torch.python ? '' : ` [skipped: ${torch.why}]`}`, async () => {
    // Prepare
    const x = windows(32);
    const file = join(scratch, 'windows.json');
    const nested = Array.from({ length: 32 }, (_, r) =>
      Array.from({ length: FRAMES }, (_, t) =>
        Array.from(x.subarray(r * SIZE + t * TEMPORAL_FEATURE_COUNT, r * SIZE + (t + 1) * TEMPORAL_FEATURE_COUNT)),
      ),
    );
    writeFileSync(file, JSON.stringify(nested));
    // Act
    const reference = JSON.parse(
      runPython(torch.python!, 'shots/check_temporal_export.py', [fileURLToPath(TEMPORAL_MODEL_WEIGHTS_URL), file]),
    ) as number[][];
    const onnx = await onnxProbabilities(x);
    // Assess
    expect(reference).toHaveLength(32);
    reference.forEach((p, i) => {
      expect(onnx[i]![0]).toBeCloseTo(p[0]!, 5);
      expect(onnx[i]![1]).toBeCloseTo(p[1]!, 5);
    });
  });

  it('keeps one parsed model per weights file, and reads the file again once it changes', () => {
    // Prepare: a copy of the shipped weights, one in another file.
    const file = join(scratch, 'weights.json');
    const other = join(scratch, 'other.json');
    writeFileSync(file, JSON.stringify(WEIGHTS));
    writeFileSync(other, JSON.stringify(WEIGHTS));
    // Act
    const first = loadTemporalClassifier(pathToFileURL(file));
    const again = loadTemporalClassifier(pathToFileURL(file));
    const fromOther = loadTemporalClassifier(pathToFileURL(other));
    writeFileSync(file, `${JSON.stringify({ ...WEIGHTS, version: 'rewritten' })}\n`);
    const rewritten = loadTemporalClassifier(pathToFileURL(file));
    // Assess
    expect(again).toBe(first);
    expect(fromOther).not.toBe(first);
    expect(rewritten.version).toBe('rewritten');
  });

  it.each([
    { name: 'features in another order', change: (w: typeof WEIGHTS) => ({ ...w, featureNames: [...w.featureNames].reverse() }) },
    { name: 'a layer of the wrong width', change: (w: typeof WEIGHTS) => ({ ...w, layers: [w.layers[0]!, w.layers[2]!] }) },
    { name: 'another window radius', change: (w: typeof WEIGHTS) => ({ ...w, radius: w.radius + 1 }) },
  ])('refuses weights with $name', ({ change }) => {
    // Act + Assess
    expect(() => temporalClassifierFrom(change(WEIGHTS))).toThrow(/temporal model/);
  });
});
