/**
 * The feature bank to and from bytes: `feature-bank.safetensors` (tensors named by
 * BANK_TENSORS, the index JSON in `__metadata__["lvu.index"]`) and `feature-bank.json`
 * (the same index, for readers that want counts without opening the tensors).
 */
import {
  BANK_METADATA_INDEX_KEY,
  BANK_TENSORS,
  FeatureBankIndexSchema,
  type EncoderRows,
  type EncoderSpec,
  type FeatureBank,
  type FeatureBankIndex,
} from '../../core/contracts/feature-bank';
import { LvuError } from '../../core/errors';
import { parseOrThrow } from '../../core/validate';
import { decodeSafetensors, encodeSafetensors, type Tensor, type TensorDataByDtype } from './safetensors';

/** The two files of a bank. */
export interface EncodedFeatureBank {
  safetensors: Uint8Array;
  indexJson: string;
}

function encoderTensors(
  prefix: (n: string) => string,
  maskName: (n: string) => string,
  e: EncoderRows,
  rows: number,
): Record<string, Tensor> {
  return {
    [prefix(e.spec.name)]: { dtype: e.spec.dtype, shape: [rows, e.spec.dim], data: e.features },
    [maskName(e.spec.name)]: { dtype: 'U8', shape: [rows], data: e.mask },
  };
}

/**
 * Serialises a bank. Deterministic: the same bank gives the same bytes, so a retried merge
 * task writes identical artifacts.
 */
export function encodeFeatureBank(bank: FeatureBank): EncodedFeatureBank {
  const n = bank.index.counts.rows;
  const count = bank.index.grid.count;
  const tensors: Record<string, Tensor> = {
    [BANK_TENSORS.second]: { dtype: 'I32', shape: [n], data: bank.second },
    [BANK_TENSORS.box]: { dtype: 'F32', shape: [n, 4], data: bank.box },
    [BANK_TENSORS.classId]: { dtype: 'I32', shape: [n], data: bank.classId },
    [BANK_TENSORS.trackId]: { dtype: 'I32', shape: [n], data: bank.trackId },
    [BANK_TENSORS.identityId]: { dtype: 'I32', shape: [n], data: bank.identityId },
    [BANK_TENSORS.shotId]: { dtype: 'I32', shape: [n], data: bank.shotId },
    [BANK_TENSORS.score]: { dtype: 'F32', shape: [n], data: bank.score },
  };
  for (const e of bank.encoders) Object.assign(tensors, encoderTensors(BANK_TENSORS.instanceFeatures, BANK_TENSORS.instanceMask, e, n));
  for (const e of bank.frames) Object.assign(tensors, encoderTensors(BANK_TENSORS.frameFeatures, BANK_TENSORS.frameMask, e, count));
  const indexJson = JSON.stringify(bank.index);
  return {
    safetensors: encodeSafetensors(tensors, { [BANK_METADATA_INDEX_KEY]: indexJson, format: 'lvu-feature-bank' }),
    indexJson: `${JSON.stringify(bank.index, null, 1)}\n`,
  };
}

function bad(message: string): never {
  throw new LvuError('FEATURE_BANK_INVALID', message);
}

function take<D extends Tensor['dtype']>(tensors: Record<string, Tensor>, name: string, dtype: D, shape: number[]): TensorDataByDtype[D] {
  const t: Tensor | undefined = tensors[name];
  if (!t) return bad(`feature bank lacks tensor ${name}`);
  const got: string = t.dtype;
  if (got !== dtype) bad(`tensor ${name} is ${got}, expected ${dtype}`);
  if (t.shape.length !== shape.length || t.shape.some((d, i) => d !== shape[i]))
    bad(`tensor ${name} has shape [${t.shape.join(', ')}], expected [${shape.join(', ')}]`);
  return t.data as TensorDataByDtype[D];
}

function takeEncoder(tensors: Record<string, Tensor>, spec: EncoderSpec, rows: number, frame: boolean): EncoderRows {
  const feat = frame ? BANK_TENSORS.frameFeatures(spec.name) : BANK_TENSORS.instanceFeatures(spec.name);
  const mask = frame ? BANK_TENSORS.frameMask(spec.name) : BANK_TENSORS.instanceMask(spec.name);
  return { spec, features: take(tensors, feat, spec.dtype, [rows, spec.dim]), mask: take(tensors, mask, 'U8', [rows]) };
}

/** Parses the index from `feature-bank.json` text or the safetensors metadata string. */
function parseFeatureBankIndex(json: string, where: string): FeatureBankIndex {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (err) {
    throw new LvuError('FEATURE_BANK_INVALID', `${where}: index is not JSON: ${(err as Error).message}`, { cause: err });
  }
  return parseOrThrow(FeatureBankIndexSchema, raw, `feature-bank index (${where})`);
}

/**
 * Reads `feature-bank.safetensors` bytes back into a bank, checking every tensor's dtype
 * and shape against the embedded index. Errors: SAFETENSORS_INVALID (format),
 * FEATURE_BANK_INVALID (missing or mis-shaped tensors), VALIDATION_FAILED (bad index).
 */
export function decodeFeatureBank(bytes: Uint8Array): FeatureBank {
  const { tensors, metadata } = decodeSafetensors(bytes);
  const json = metadata[BANK_METADATA_INDEX_KEY];
  if (json === undefined) bad(`safetensors file has no "${BANK_METADATA_INDEX_KEY}" metadata: not an lvu feature bank`);
  const index = parseFeatureBankIndex(json, 'safetensors metadata');
  const n = index.counts.rows;
  return {
    index,
    second: take(tensors, BANK_TENSORS.second, 'I32', [n]),
    box: take(tensors, BANK_TENSORS.box, 'F32', [n, 4]),
    classId: take(tensors, BANK_TENSORS.classId, 'I32', [n]),
    trackId: take(tensors, BANK_TENSORS.trackId, 'I32', [n]),
    identityId: take(tensors, BANK_TENSORS.identityId, 'I32', [n]),
    shotId: take(tensors, BANK_TENSORS.shotId, 'I32', [n]),
    score: take(tensors, BANK_TENSORS.score, 'F32', [n]),
    encoders: index.encoders.map((s) => takeEncoder(tensors, s, n, false)),
    frames: index.frameEncoders.map((s) => takeEncoder(tensors, s, index.grid.count, true)),
  };
}
