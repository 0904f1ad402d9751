import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fromHalfBits, toHalfBits } from '../../stages/features/f16';
import { decodeSafetensors, encodeSafetensors, SafetensorsError, type Tensor } from '../../stages/features/safetensors';
import { findTorchPython, runPython } from './python';

const SAMPLE: Record<string, Tensor> = {
  f32: { dtype: 'F32', shape: [2, 2], data: Float32Array.of(1.5, -2.25, 3, 1e-3) },
  f16: { dtype: 'F16', shape: [3], data: Float32Array.of(0.5, -1, 65504) },
  i32: { dtype: 'I32', shape: [3], data: Int32Array.of(-7, 0, 2147483647) },
  i64: { dtype: 'I64', shape: [2], data: BigInt64Array.of(-(2n ** 40n), 5n) },
  u8: { dtype: 'U8', shape: [3], data: Uint8Array.of(0, 1, 255) },
  empty: { dtype: 'F32', shape: [0, 4], data: new Float32Array(0) },
};

describe('safetensors bytes', () => {
  it('writes the exact reference layout for one tensor', () => {
    // Prepare
    const t: Record<string, Tensor> = { a: { dtype: 'F32', shape: [2], data: Float32Array.of(1, -2) } };
    // Act
    const bytes = encodeSafetensors(t, { k: 'v' });
    // Assess: header JSON padded with spaces to 8 bytes, then 8 bytes of LE floats
    const json = '{"__metadata__":{"k":"v"},"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}';
    const padded = json + ' '.repeat((8 - (json.length % 8)) % 8);
    const view = new DataView(bytes.buffer);
    expect(Number(view.getBigUint64(0, true))).toBe(padded.length);
    expect(new TextDecoder().decode(bytes.subarray(8, 8 + padded.length))).toBe(padded);
    expect([...bytes.subarray(8 + padded.length)]).toEqual([0x00, 0x00, 0x80, 0x3f, 0x00, 0x00, 0x00, 0xc0]);
    expect(bytes.length).toBe(8 + padded.length + 8);
  });

  it('aligns every tensor to its element size, largest first, without holes', () => {
    // Act
    const bytes = encodeSafetensors(SAMPLE);
    const n = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n))) as Record<
      string,
      { dtype: string; data_offsets: [number, number] }
    >;
    // Assess
    expect((8 + n) % 8).toBe(0);
    const order = Object.entries(header)
      .sort((a, b) => a[1].data_offsets[0] - b[1].data_offsets[0])
      .map(([k]) => k);
    expect(order).toEqual(['i64', 'empty', 'f32', 'i32', 'f16', 'u8']);
    const size: Record<string, number> = { I64: 8, F32: 4, I32: 4, F16: 2, U8: 1 };
    for (const e of Object.values(header)) expect(e.data_offsets[0] % size[e.dtype]!).toBe(0);
  });

  it('round-trips every dtype and the metadata', () => {
    // Act
    const back = decodeSafetensors(encodeSafetensors(SAMPLE, { a: '1', b: 'two' }));
    // Assess
    expect(back.metadata).toEqual({ a: '1', b: 'two' });
    for (const [name, t] of Object.entries(SAMPLE)) {
      expect(back.tensors[name]!.dtype).toBe(t.dtype);
      expect(back.tensors[name]!.shape).toEqual(t.shape);
      expect([...back.tensors[name]!.data]).toEqual([...t.data]);
    }
  });

  it.each([
    ['one', 1, 0x3c00],
    ['minus two', -2, 0xc000],
    ['max half', 65504, 0x7bff],
    ['overflow', 1e6, 0x7c00],
    ['smallest subnormal', 2 ** -24, 0x0001],
    ['underflow', 1e-9, 0x0000],
    ['tie to even', 1 + 2 ** -11, 0x3c00],
  ])('converts %s to float16 bits', (_name, value, bits) => {
    expect(toHalfBits(value)).toBe(bits);
    if (bits !== 0x7c00 && bits !== 0) expect(fromHalfBits(bits)).toBeCloseTo(value, 3);
  });
});

describe('safetensors bad calls', () => {
  const good = encodeSafetensors(SAMPLE);
  const headerLen = Number(new DataView(good.buffer).getBigUint64(0, true));
  const withHeader = (json: string, data = new Uint8Array(0)): Uint8Array => {
    const j = new TextEncoder().encode(json);
    const out = new Uint8Array(8 + j.length + data.length);
    new DataView(out.buffer).setBigUint64(0, BigInt(j.length), true);
    out.set(j, 8);
    out.set(data, 8 + j.length);
    return out;
  };
  it.each<[string, Uint8Array, RegExp]>([
    ['a file shorter than the length prefix', good.subarray(0, 5), /too short/],
    [
      'a header longer than the file',
      (() => {
        const b = good.slice();
        new DataView(b.buffer).setBigUint64(0, 1n << 40n, true);
        return b;
      })(),
      /exceeds/,
    ],
    ['a truncated data section', good.subarray(0, good.length - 1), /truncated|cover/],
    ['trailing bytes', new Uint8Array([...good, 0]), /cover/],
    ['a header that is not JSON', withHeader('{"a": '), /JSON/],
    ['an unsupported dtype', withHeader('{"a":{"dtype":"BF16","shape":[1],"data_offsets":[0,2]}}', new Uint8Array(2)), /unsupported dtype/],
    [
      'offsets that do not match the shape',
      withHeader('{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,4]}}', new Uint8Array(4)),
      /needs 8/,
    ],
    ['a hole between tensors', withHeader('{"a":{"dtype":"U8","shape":[1],"data_offsets":[1,2]}}', new Uint8Array(2)), /hole/],
    ['non-string metadata', withHeader('{"__metadata__":{"a":1}}'), /metadata/],
  ])('rejects %s with SAFETENSORS_INVALID', (_name, bytes, message) => {
    expect(headerLen).toBeGreaterThan(0);
    expect(() => decodeSafetensors(bytes)).toThrow(SafetensorsError);
    expect(() => decodeSafetensors(bytes)).toThrow(message);
  });

  it('refuses to write data that does not fill the shape', () => {
    const bad: Record<string, Tensor> = { x: { dtype: 'F32', shape: [3], data: Float32Array.of(1, 2) } };
    expect(() => encodeSafetensors(bad)).toThrow(/do not fill shape/);
  });
});

const py = findTorchPython();
describe('safetensors and Python', () => {
  it.skipIf(!py.python)(`Python reads lvu's files and lvu reads Python's ${py.python ? '' : `(skipped: ${py.why})`}`, () => {
    // Prepare
    const dir = mkdtempSync(join(tmpdir(), 'lvu-st-'));
    const ours = join(dir, 'ours.safetensors');
    const theirs = join(dir, 'theirs.safetensors');
    writeFileSync(ours, encodeSafetensors(SAMPLE, { from: 'lvu' }));
    // Act
    const report = JSON.parse(runPython(py.python!, 'check_safetensors.py', [ours, '--write', theirs])) as {
      reader: string;
      metadata: Record<string, string>;
      tensors: Record<string, { dtype: string; shape: number[]; head: number[] }>;
    };
    const back = decodeSafetensors(new Uint8Array(readFileSync(theirs)));
    // Assess
    expect(report.metadata).toEqual({ from: 'lvu' });
    expect(report.tensors['f32']).toMatchObject({ dtype: 'float32', shape: [2, 2] });
    expect(report.tensors['f32']!.head[1]).toBe(-2.25);
    expect(report.tensors['f16']!.head).toEqual([0.5, -1, 65504]);
    expect(report.tensors['i64']!.head).toEqual([-(2 ** 40), 5]);
    expect(report.tensors['i32']!.head).toEqual([-7, 0, 2147483647]);
    expect(report.tensors['u8']!.head).toEqual([0, 1, 255]);
    expect(report.tensors['empty']!.shape).toEqual([0, 4]);
    expect(back.metadata).toEqual({ writer: 'python' });
    expect([...back.tensors['f16']!.data]).toEqual([0.5, -1, 65504]);
    expect([...back.tensors['i64']!.data]).toEqual([-(2n ** 40n), 5n]);
    expect(back.tensors['f32']!.shape).toEqual([2, 2]);
    process.stdout.write(`python (${py.python}) read the file with ${report.reader}\n`);
  });
});
