import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parseManifest } from '../../models/manifest';
import { createSession } from '../../models/runtime';
import { CUT_FEATURE_COUNT, CUT_FEATURE_NAMES } from '../../stages/shots/cut-features';
import { CUT_MODEL_WEIGHTS_URL, CutModelWeightsSchema, cutClassifierFrom, loadCutClassifier } from '../../stages/shots/cut-model';
import { findTorchPython, runPython } from '../features/python';
import { testModelsConfig } from '../models/helpers';

const DIR = fileURLToPath(new URL('.', CUT_MODEL_WEIGHTS_URL));
const WEIGHTS = CutModelWeightsSchema.parse(JSON.parse(readFileSync(CUT_MODEL_WEIGHTS_URL, 'utf8')));
const MANIFEST = parseManifest(JSON.parse(readFileSync(join(DIR, 'cut-model.manifest.json'), 'utf8')), 'cut-model.manifest.json');
const torch = findTorchPython();

/** Rows spread around the training distribution (mean ± 3 std), deterministic. */
function rows(n: number): Float32Array {
  const out = new Float32Array(n * CUT_FEATURE_COUNT);
  for (let r = 0; r < n; r++)
    for (let i = 0; i < CUT_FEATURE_COUNT; i++)
      out[r * CUT_FEATURE_COUNT + i] = WEIGHTS.mean[i]! + WEIGHTS.std[i]! * 3 * Math.sin(1.7 * r + 2.3 * i + 0.5);
  return out;
}

function tsProbabilities(x: Float32Array): number[] {
  const model = loadCutClassifier();
  const n = x.length / CUT_FEATURE_COUNT;
  return Array.from({ length: n }, (_, r) => model.probability(x.subarray(r * CUT_FEATURE_COUNT, (r + 1) * CUT_FEATURE_COUNT)));
}

async function onnxProbabilities(x: Float32Array): Promise<number[]> {
  const session = await createSession(join(DIR, MANIFEST.file), MANIFEST, testModelsConfig());
  try {
    const out = await session.run({ features: { data: x, dims: [x.length / CUT_FEATURE_COUNT, CUT_FEATURE_COUNT] } });
    return Array.from(out['cut_probability']!.data as Float32Array);
  } finally {
    await session.release();
  }
}

describe('learned cut model (models/shots)', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'lvu-cut-model-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('its manifest names the shipped ONNX file by sha256 and the detector’s features in order', () => {
    // Act
    const sha = createHash('sha256')
      .update(readFileSync(join(DIR, MANIFEST.file)))
      .digest('hex');
    // Assess
    expect(sha).toBe(MANIFEST.sha256);
    expect(MANIFEST.labels).toEqual([...CUT_FEATURE_NAMES]);
    expect(WEIGHTS.featureNames).toEqual([...CUT_FEATURE_NAMES]);
  });

  it('the detector’s own forward matches the ONNX file run through models/runtime.ts', async () => {
    // Prepare
    const x = rows(64);
    // Act
    const ours = tsProbabilities(x);
    const onnx = await onnxProbabilities(x);
    // Assess: both sides of the threshold are exercised, and every row agrees.
    expect(ours.some((p) => p > 0.9) && ours.some((p) => p < 0.1)).toBe(true);
    ours.forEach((p, i) => expect(p).toBeCloseTo(onnx[i]!, 5));
  });

  it.skipIf(!torch.python)(`the ONNX export matches PyTorch${torch.python ? '' : ` [skipped: ${torch.why}]`}`, async () => {
    // Prepare
    const x = rows(64);
    const file = join(scratch, 'rows.json');
    const nested = Array.from({ length: 64 }, (_, r) => Array.from(x.subarray(r * CUT_FEATURE_COUNT, (r + 1) * CUT_FEATURE_COUNT)));
    writeFileSync(file, JSON.stringify(nested));
    // Act
    const reference = JSON.parse(
      runPython(torch.python!, 'shots/check_export.py', [fileURLToPath(CUT_MODEL_WEIGHTS_URL), file]),
    ) as number[];
    const onnx = await onnxProbabilities(x);
    // Assess
    expect(reference).toHaveLength(64);
    reference.forEach((p, i) => expect(onnx[i]).toBeCloseTo(p, 5));
  });

  it.each([
    { name: 'features in another order', change: (w: typeof WEIGHTS) => ({ ...w, featureNames: [...w.featureNames].reverse() }) },
    { name: 'a layer of the wrong width', change: (w: typeof WEIGHTS) => ({ ...w, layers: [w.layers[0]!, w.layers[2]!] }) },
  ])('refuses weights with $name', ({ change }) => {
    // Act + Assess
    expect(() => cutClassifierFrom(change(WEIGHTS))).toThrow(/cut model/);
  });
});
