import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { modelsConfig } from '../../models/config';
import { SessionCache } from '../../models/runtime';
import { encodeFeatureBank } from '../../stages/features/bank-io';
import { decodeSafetensors, type Tensor } from '../../stages/features/safetensors';
import { batchFeeds, runSpans } from '../../stages/transformer/infer';
import { loadTransformerModel } from '../../stages/transformer/model';
import { buildSpans } from '../../stages/transformer/spans';
import { syntheticBank } from '../features/fixtures';
import { findTorchPython, runPython } from '../features/python';

/** A tiny model: short spans and few tokens so span dropping and several spans are exercised. */
const TINY = {
  encoders: [
    ['mobilenet-v2', 16],
    ['movenet-pose', 51],
    ['faceres', 8],
    ['absent-encoder', 3],
  ],
  hidden: 32,
  heads: 4,
  ffn: 64,
  span_sec: 20,
  stride_sec: 10,
  max_tokens: 32,
  max_instances: 64,
  max_shots: 16,
  pose_clusters: 4,
  compat_dim: 16,
};

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

const py = findTorchPython();
const sessions = new SessionCache(modelsConfig({ intraOpThreads: 1, interOpThreads: 1, autoBuild: false }));
afterAll(() => sessions.dispose());

describe('Object Transformer: ONNX Runtime vs PyTorch', () => {
  it.skipIf(!py.python)(
    `builds the same tokens and matches PyTorch within 1e-4 ${py.python ? '' : `(skipped: ${py.why})`}`,
    async () => {
      // Prepare: train a tiny model for 3 steps, export it, write a bank, get PyTorch's outputs
      const dir = mkdtempSync(join(tmpdir(), 'lvu-parity-'));
      writeFileSync(join(dir, 'tiny.json'), JSON.stringify(TINY));
      runPython(py.python!, 'train.py', [
        '--synthetic',
        '3',
        '--steps',
        '3',
        '--videos',
        '2',
        '--config',
        join(dir, 'tiny.json'),
        '--out',
        join(dir, 'ot.pt'),
      ]);
      mkdirSync(join(dir, 'model'));
      runPython(py.python!, 'export.py', ['--ckpt', join(dir, 'ot.pt'), '--out-dir', join(dir, 'model')]);
      const bank = syntheticBank(11, 45, 9);
      writeFileSync(join(dir, 'bank.safetensors'), encodeFeatureBank(bank).safetensors);
      runPython(py.python!, 'parity_ref.py', [
        '--ckpt',
        join(dir, 'ot.pt'),
        '--bank',
        join(dir, 'bank.safetensors'),
        '--out',
        join(dir, 'ref.safetensors'),
      ]);
      const ref = decodeSafetensors(new Uint8Array(readFileSync(join(dir, 'ref.safetensors')))).tensors;
      const model = loadTransformerModel(join(dir, 'model'));
      // Act
      const spans = buildSpans(bank, model.config);
      const feeds = batchFeeds(spans, model.config);
      const outputs = await runSpans(await sessions.open(model.resolved), spans, model.config, 2);
      // Assess: identical tokens (same padding since one batch covers all spans in Python)
      const T = ref['feats']!.shape[1]!;
      expect(spans.map((s) => s.start)).toEqual([...(ref['starts'] as Extract<Tensor, { dtype: 'I32' }>).data]);
      expect(spans.map((s) => s.tokens)).toEqual([...(ref['tokens'] as Extract<Tensor, { dtype: 'I32' }>).data]);
      expect(Math.max(...spans.map((s) => s.tokens))).toBe(TINY.max_tokens - 1);
      expect(feeds['feats']!.dims[1]).toBe(T);
      for (const name of ['feats', 'feat_mask', 'spatial', 'time_idx', 'inst_idx', 'shot_idx', 'token_mask']) {
        expect(maxAbsDiff(feeds[name]!.data, ref[name]!.data as ArrayLike<number>), name).toBe(0);
      }
      const H = TINY.hidden;
      const V = model.vocab.length;
      let worst = 0;
      outputs.forEach((o, s) => {
        worst = Math.max(worst, maxAbsDiff(o.cls, ref['cls']!.data.slice(s * H, (s + 1) * H) as Float32Array));
        worst = Math.max(
          worst,
          maxAbsDiff(o.compat, ref['compat']!.data.slice(s * TINY.compat_dim, (s + 1) * TINY.compat_dim) as Float32Array),
        );
        worst = Math.max(
          worst,
          maxAbsDiff(o.mipLogits, ref['mip_logits']!.data.slice(s * T * V, (s * T + spans[s]!.tokens) * V) as Float32Array),
        );
      });
      process.stdout.write(`ORT vs PyTorch: max abs difference ${worst.toExponential(2)} over ${outputs.length} spans\n`);
      expect(worst).toBeLessThan(1e-4);
    },
    600_000,
  );
});
