/**
 * safetensors (https://github.com/huggingface/safetensors) in TypeScript: an 8-byte
 * little-endian header length N, N bytes of JSON (`{name: {dtype, shape, data_offsets}}`
 * plus an optional `__metadata__` string map, padded with spaces so the data starts on an
 * 8-byte boundary), then the tensor bytes, contiguous, little-endian, row-major. Tensors are
 * laid out by element size (largest first) then name, as the reference writer does, so each
 * tensor is naturally aligned and the buffer has no holes.
 */
import { endianness } from 'node:os';
import { LvuError } from '../../core/errors';
import { float32ToHalf, halfToFloat32 } from './f16';

/** The dtypes lvu reads and writes. */
export type SafetensorsDtype = 'F32' | 'F16' | 'I32' | 'I64' | 'U8';

/** Typed array per dtype; F16 is handed over as Float32Array (converted on write and read). */
export interface TensorDataByDtype {
  F32: Float32Array;
  F16: Float32Array;
  I32: Int32Array;
  I64: BigInt64Array;
  U8: Uint8Array;
}

/** One tensor: dtype, shape and row-major data. */
export type Tensor = { [D in SafetensorsDtype]: { dtype: D; shape: number[]; data: TensorDataByDtype[D] } }[SafetensorsDtype];

/** A decoded file: tensors by name and the `__metadata__` map. */
export interface SafetensorsFile {
  tensors: Record<string, Tensor>;
  metadata: Record<string, string>;
}

const ELEMENT_BYTES: Record<SafetensorsDtype, number> = { I64: 8, F32: 4, I32: 4, F16: 2, U8: 1 };
/** Upper bound on the JSON header, as in the reference implementation (100 MB). */
const MAX_HEADER_BYTES = 100_000_000;

/** Thrown for anything that is not a valid safetensors file or tensor. */
export class SafetensorsError extends LvuError {
  override readonly name = 'SafetensorsError';
  constructor(message: string, options: { cause?: unknown } = {}) {
    super('SAFETENSORS_INVALID', message, options);
  }
}

function assertLittleEndianHost(): void {
  if (endianness() !== 'LE') throw new SafetensorsError('safetensors I/O needs a little-endian host');
}

function elementCount(shape: readonly number[]): number {
  return shape.reduce((n, d) => n * d, 1);
}

function tensorBytes(name: string, t: Tensor): Uint8Array {
  if (!isShape(t.shape))
    throw new SafetensorsError(`tensor ${name}: shape ${JSON.stringify(t.shape)} is not a list of non-negative integers`);
  if (t.data.length !== elementCount(t.shape)) {
    throw new SafetensorsError(`tensor ${name}: ${t.data.length} values do not fill shape [${t.shape.join(', ')}]`);
  }
  const data = t.dtype === 'F16' ? float32ToHalf(t.data) : t.data;
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

function isShape(shape: unknown): shape is number[] {
  return Array.isArray(shape) && shape.every((d) => Number.isSafeInteger(d) && d >= 0);
}

/**
 * Serialises tensors (and string metadata) into safetensors bytes. Deterministic: the same
 * tensors and metadata give the same bytes.
 *
 * @example
 * const bytes = encodeSafetensors({ x: { dtype: 'F32', shape: [2], data: Float32Array.of(1, 2) } }, { note: 'hi' });
 */
export function encodeSafetensors(tensors: Record<string, Tensor>, metadata: Record<string, string> = {}): Uint8Array {
  assertLittleEndianHost();
  const names = Object.keys(tensors).sort(
    (a, b) => ELEMENT_BYTES[tensors[b]!.dtype] - ELEMENT_BYTES[tensors[a]!.dtype] || (a < b ? -1 : a > b ? 1 : 0),
  );
  if (names.includes('__metadata__')) throw new SafetensorsError('"__metadata__" is reserved and cannot name a tensor');
  const header: Record<string, unknown> = {};
  if (Object.keys(metadata).length > 0) header['__metadata__'] = metadata;
  const parts: Uint8Array[] = [];
  let offset = 0;
  for (const name of names) {
    const t = tensors[name]!;
    const bytes = tensorBytes(name, t);
    header[name] = { dtype: t.dtype, shape: t.shape, data_offsets: [offset, offset + bytes.byteLength] };
    parts.push(bytes);
    offset += bytes.byteLength;
  }
  const json = new TextEncoder().encode(JSON.stringify(header));
  const headerLen = Math.ceil(json.byteLength / 8) * 8;
  const out = new Uint8Array(8 + headerLen + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(headerLen), true);
  out.set(json, 8);
  out.fill(0x20, 8 + json.byteLength, 8 + headerLen);
  let at = 8 + headerLen;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

interface HeaderEntry {
  dtype: SafetensorsDtype;
  shape: number[];
  data_offsets: [number, number];
}

function readHeader(bytes: Uint8Array): { entries: Map<string, HeaderEntry>; metadata: Record<string, string>; dataStart: number } {
  if (bytes.byteLength < 8) throw new SafetensorsError(`file too short (${bytes.byteLength} bytes) for a safetensors header`);
  const n = new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true);
  if (n > BigInt(Math.min(MAX_HEADER_BYTES, bytes.byteLength - 8))) {
    throw new SafetensorsError(`header length ${n} exceeds the file (${bytes.byteLength} bytes) or the 100 MB limit`);
  }
  const dataStart = 8 + Number(n);
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, dataStart)));
  } catch (err) {
    throw new SafetensorsError(`header is not valid UTF-8 JSON: ${(err as Error).message}`, { cause: err });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new SafetensorsError('header is not a JSON object');
  const { __metadata__: meta, ...rest } = parsed as Record<string, unknown>;
  return { entries: checkEntries(rest), metadata: checkMetadata(meta), dataStart };
}

function checkMetadata(meta: unknown): Record<string, string> {
  if (meta === undefined) return {};
  if (typeof meta !== 'object' || meta === null || Array.isArray(meta) || !Object.values(meta).every((v) => typeof v === 'string')) {
    throw new SafetensorsError('__metadata__ must be a map of strings to strings');
  }
  return meta as Record<string, string>;
}

function checkEntries(raw: Record<string, unknown>): Map<string, HeaderEntry> {
  const entries = new Map<string, HeaderEntry>();
  for (const [name, v] of Object.entries(raw)) {
    const e = v as Partial<HeaderEntry> | null;
    if (!e || typeof e !== 'object') throw new SafetensorsError(`tensor ${name}: header entry is not an object`);
    if (typeof e.dtype !== 'string' || !(e.dtype in ELEMENT_BYTES))
      throw new SafetensorsError(`tensor ${name}: unsupported dtype ${String(e.dtype)} (lvu reads F32, F16, I32, I64, U8)`);
    if (!isShape(e.shape)) throw new SafetensorsError(`tensor ${name}: bad shape ${JSON.stringify(e.shape)}`);
    const o = e.data_offsets;
    if (!Array.isArray(o) || o.length !== 2 || !o.every((x) => Number.isSafeInteger(x) && x >= 0) || o[0] > o[1]) {
      throw new SafetensorsError(`tensor ${name}: bad data_offsets ${JSON.stringify(o)}`);
    }
    if (o[1] - o[0] !== elementCount(e.shape) * ELEMENT_BYTES[e.dtype]) {
      throw new SafetensorsError(
        `tensor ${name}: data_offsets span ${o[1] - o[0]} bytes, shape × dtype needs ${elementCount(e.shape) * ELEMENT_BYTES[e.dtype]}`,
      );
    }
    entries.set(name, e as HeaderEntry);
  }
  return entries;
}

function checkCoverage(entries: Map<string, HeaderEntry>, dataBytes: number): void {
  const spans = [...entries.entries()].sort(
    (a, b) => a[1].data_offsets[0] - b[1].data_offsets[0] || a[1].data_offsets[1] - b[1].data_offsets[1],
  );
  let end = 0;
  for (const [name, e] of spans) {
    if (e.data_offsets[0] !== end)
      throw new SafetensorsError(`tensor ${name}: starts at ${e.data_offsets[0]}, expected ${end} (overlap or hole)`);
    end = e.data_offsets[1];
  }
  if (end !== dataBytes)
    throw new SafetensorsError(`tensors cover ${end} data bytes but the file has ${dataBytes} (truncated or trailing bytes)`);
}

function decodeTensor(e: HeaderEntry, raw: Uint8Array): Tensor {
  const copy = raw.slice(); // fresh, aligned buffer
  const shape = [...e.shape];
  switch (e.dtype) {
    case 'F32':
      return { dtype: 'F32', shape, data: new Float32Array(copy.buffer) };
    case 'F16':
      return { dtype: 'F16', shape, data: halfToFloat32(new Uint16Array(copy.buffer)) };
    case 'I32':
      return { dtype: 'I32', shape, data: new Int32Array(copy.buffer) };
    case 'I64':
      return { dtype: 'I64', shape, data: new BigInt64Array(copy.buffer) };
    case 'U8':
      return { dtype: 'U8', shape, data: copy };
  }
}

/**
 * Parses safetensors bytes, validating the header length, JSON, dtypes, shapes and that the
 * tensors tile the data section exactly. Throws SafetensorsError (code SAFETENSORS_INVALID)
 * naming the offending tensor.
 */
export function decodeSafetensors(bytes: Uint8Array): SafetensorsFile {
  assertLittleEndianHost();
  const { entries, metadata, dataStart } = readHeader(bytes);
  checkCoverage(entries, bytes.byteLength - dataStart);
  const tensors: Record<string, Tensor> = {};
  for (const [name, e] of entries) {
    tensors[name] = decodeTensor(e, bytes.subarray(dataStart + e.data_offsets[0], dataStart + e.data_offsets[1]));
  }
  return { tensors, metadata };
}
