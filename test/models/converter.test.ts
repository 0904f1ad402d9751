/**
 * Converter plumbing on tiny graphs: each op mapping vs TFJS, including the traps the
 * issue names (TF SAME = SAME_UPPER, FloorDiv/FloorMod on negatives, StridedSlice masks,
 * TopK tie order, resize modes), and the converter's errors (unsupported op, bad file).
 */
import type * as tfTypes from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { LvuError } from '../../core/errors';
import { createSession, modelsConfig } from '../../models';
import { decodeWeights, halfToFloat, readTfjsModel } from '../../models/tfjs/artifacts';
import { convertGraphModel } from '../../models/tfjs/graph-convert';
import { initTfjs, relativeError, tfjsModel } from './helpers';
import { s, tinyGraph, tinyManifest, type TinyConst } from './tiny';
import type { TfNode } from '../../models/tfjs/graph-context';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const F = 'DT_FLOAT',
  I = 'DT_INT32';
const ramp = (n: number, f = (i: number) => i) => Array.from({ length: n }, (_, i) => f(i));

interface OpCase {
  name: string;
  input: { dtype: 'DT_FLOAT' | 'DT_INT32'; shape: number[]; values: number[] };
  nodes: TfNode[];
  consts: TinyConst[];
  output: string;
  /** Hand-computed TF result, where TFJS itself is wrong (TFJS 4.22 mis-slices negative strides). */
  expected?: { dims: number[]; values: number[] };
}

const CASES: OpCase[] = [
  {
    name: 'FloorDiv and FloorMod round toward −∞ on negative ints',
    input: { dtype: I, shape: [6], values: [-7, -1, 0, 5, 7, -8] },
    consts: [{ name: 'three', dtype: 'int32', shape: [], values: [3] }],
    nodes: [
      { name: 'q', op: 'FloorDiv', input: ['x', 'three'], attr: { T: { type: I } } },
      { name: 'm', op: 'FloorMod', input: ['x', 'three'], attr: { T: { type: I } } },
      { name: 'y', op: 'AddV2', input: ['q', 'm'], attr: { T: { type: I } } },
      { name: 'out', op: 'Mul', input: ['y', 'm'], attr: { T: { type: I } } },
    ],
    output: 'out',
  },
  {
    name: 'Conv2D SAME stride 2 on an odd size pads at the end (SAME_UPPER)',
    input: { dtype: F, shape: [1, 5, 5, 2], values: ramp(50, (i) => Math.sin(i)) },
    consts: [{ name: 'w', dtype: 'float32', shape: [3, 3, 2, 3], values: ramp(54, (i) => Math.cos(i)) }],
    nodes: [
      {
        name: 'out',
        op: 'Conv2D',
        input: ['x', 'w'],
        attr: {
          strides: { list: { i: ['1', '2', '2', '1'] } },
          dilations: { list: { i: ['1', '1', '1', '1'] } },
          padding: s('SAME'),
          data_format: s('NHWC'),
          T: { type: F },
        },
      },
    ],
    output: 'out',
  },
  {
    name: 'DepthwiseConv2dNative with channel multiplier 2, fused bias + Relu6',
    input: { dtype: F, shape: [1, 6, 6, 2], values: ramp(72, (i) => Math.sin(i) * 4) },
    consts: [
      { name: 'w', dtype: 'float32', shape: [3, 3, 2, 2], values: ramp(36, (i) => Math.cos(i)) },
      { name: 'b', dtype: 'float32', shape: [4], values: [0.1, -0.2, 0.3, 1] },
    ],
    nodes: [
      {
        name: 'out',
        op: 'FusedDepthwiseConv2dNative',
        input: ['x', 'w', 'b'],
        attr: {
          strides: { list: { i: ['1', '2', '2', '1'] } },
          dilations: { list: { i: ['1', '1', '1', '1'] } },
          padding: s('SAME'),
          data_format: s('NHWC'),
          num_args: { i: '1' },
          fused_ops: { list: { s: [s('BiasAdd').s, s('Relu6').s] } },
          T: { type: F },
        },
      },
    ],
    output: 'out',
  },
  {
    name: 'MaxPool SAME stride 2 on an odd size',
    input: { dtype: F, shape: [1, 5, 5, 1], values: ramp(25, (i) => Math.sin(i * 7)) },
    consts: [],
    nodes: [
      {
        name: 'out',
        op: 'MaxPool',
        input: ['x'],
        attr: {
          ksize: { list: { i: ['1', '3', '3', '1'] } },
          strides: { list: { i: ['1', '2', '2', '1'] } },
          padding: s('SAME'),
          T: { type: F },
        },
      },
    ],
    output: 'out',
  },
  {
    name: 'StridedSlice with begin/end masks and a new axis (MoveNet pattern)',
    input: { dtype: F, shape: [2, 5], values: ramp(10) },
    consts: [
      { name: 'b', dtype: 'int32', shape: [3], values: [0, 0, 0] },
      { name: 'e', dtype: 'int32', shape: [3], values: [0, 0, 0] },
      { name: 'st', dtype: 'int32', shape: [3], values: [1, 1, 1] },
    ],
    nodes: [
      {
        name: 'out',
        op: 'StridedSlice',
        input: ['x', 'b', 'e', 'st'],
        attr: {
          begin_mask: { i: '3' },
          end_mask: { i: '3' },
          new_axis_mask: { i: '4' },
          shrink_axis_mask: { i: '0' },
          ellipsis_mask: { i: '0' },
          T: { type: F },
        },
      },
    ],
    output: 'out',
  },
  {
    name: 'StridedSlice with shrink and a negative stride',
    input: { dtype: F, shape: [2, 5, 4], values: ramp(40) },
    consts: [
      { name: 'b', dtype: 'int32', shape: [2], values: [1, 4] },
      { name: 'e', dtype: 'int32', shape: [2], values: [2, 0] },
      { name: 'st', dtype: 'int32', shape: [2], values: [1, -2] },
    ],
    nodes: [
      {
        name: 'out',
        op: 'StridedSlice',
        input: ['x', 'b', 'e', 'st'],
        attr: {
          begin_mask: { i: '0' },
          end_mask: { i: '0' },
          new_axis_mask: { i: '0' },
          shrink_axis_mask: { i: '1' },
          ellipsis_mask: { i: '0' },
          T: { type: F },
        },
      },
    ],
    output: 'out',
    expected: { dims: [2, 4], values: [36, 37, 38, 39, 28, 29, 30, 31] },
  }, // x[1, 4:0:-2, :] in TF
  {
    name: 'TopKV2 puts the lower index first on ties',
    input: { dtype: F, shape: [1, 8], values: [1, 3, 3, 0, 3, 2, 2, 1] },
    consts: [{ name: 'k', dtype: 'int32', shape: [], values: [5] }],
    nodes: [
      { name: 'top', op: 'TopKV2', input: ['x', 'k'], attr: { sorted: { b: true }, T: { type: F } } },
      { name: 'out', op: 'Cast', input: ['top:1'], attr: { SrcT: { type: I }, DstT: { type: F } } },
    ],
    output: 'out',
  },
  {
    name: 'ResizeBilinear half-pixel centres (dynamic size from Shape)',
    input: { dtype: F, shape: [1, 3, 4, 2], values: ramp(24, (i) => i * i) },
    consts: [
      { name: 'b', dtype: 'int32', shape: [1], values: [1] },
      { name: 'e', dtype: 'int32', shape: [1], values: [3] },
      { name: 'st', dtype: 'int32', shape: [1], values: [1] },
      { name: 'two', dtype: 'int32', shape: [], values: [2] },
    ],
    nodes: [
      { name: 'shape', op: 'Shape', input: ['x'], attr: { out_type: { type: I } } },
      { name: 'hw', op: 'StridedSlice', input: ['shape', 'b', 'e', 'st'], attr: {} },
      { name: 'size', op: 'Mul', input: ['hw', 'two'], attr: { T: { type: I } } },
      { name: 'out', op: 'ResizeBilinear', input: ['x', 'size'], attr: { half_pixel_centers: { b: true }, align_corners: { b: false } } },
    ],
    output: 'out',
  },
  {
    name: 'ResizeBilinear align_corners',
    input: { dtype: F, shape: [1, 3, 3, 1], values: ramp(9, (i) => i * 3 - 4) },
    consts: [{ name: 'size', dtype: 'int32', shape: [2], values: [5, 7] }],
    nodes: [{ name: 'out', op: 'ResizeBilinear', input: ['x', 'size'], attr: { align_corners: { b: true } } }],
    output: 'out',
  },
  {
    name: 'Pack, Unpack, ConcatV2, Reshape, Sum',
    input: { dtype: F, shape: [2, 3], values: ramp(6, (i) => i - 2.5) },
    consts: [
      { name: 'ax', dtype: 'int32', shape: [], values: [0] },
      { name: 'shp', dtype: 'int32', shape: [2], values: [3, -1] },
      { name: 'rax', dtype: 'int32', shape: [1], values: [1] },
    ],
    nodes: [
      { name: 'u', op: 'Unpack', input: ['x'], attr: { num: { i: '2' }, axis: { i: '0' } } },
      { name: 'p', op: 'Pack', input: ['u:1', 'u'], attr: { axis: { i: '1' } } },
      { name: 'c', op: 'ConcatV2', input: ['p', 'p', 'ax'], attr: {} },
      { name: 'r', op: 'Reshape', input: ['c', 'shp'], attr: {} },
      { name: 'out', op: 'Sum', input: ['r', 'rax'], attr: { keep_dims: { b: true } } },
    ],
    output: 'out',
  },
];

describe('TFJS graph → ONNX op mappings vs TFJS', () => {
  let tf: typeof tfTypes;
  beforeAll(async () => {
    tf = await initTfjs();
  });

  it.each(CASES)('$name', async ({ input, nodes, consts, output, expected }) => {
    // Prepare
    const art = tinyGraph(input, nodes, consts);
    const converted = convertGraphModel(art, { outputs: { y: output } });
    const dtype = input.dtype === I ? 'int32' : 'float32';
    const data = dtype === 'int32' ? Int32Array.from(input.values) : Float32Array.from(input.values);
    const session = await createSession(
      converted.bytes,
      tinyManifest('tiny', { name: 'x', dtype, shape: input.shape }, ['y']),
      modelsConfig({ modelDir: tmpdir() }),
    );
    // Act
    const ours = (await session.run({ x: { data, dims: input.shape } })).y!;
    const model = (await tfjsModel(art)) as tfTypes.GraphModel;
    const ref =
      expected ??
      (await (async () => {
        const t = model.execute(tf.tensor(data, input.shape, dtype), output) as tfTypes.Tensor;
        return { dims: t.shape, values: Array.from(await t.data()) };
      })());
    // Assess
    expect([...ours.dims]).toEqual(ref.dims);
    expect(relativeError(Array.from(ours.data as ArrayLike<number>), ref.values).abs).toBeLessThan(1e-5);
    await session.release();
  });
});

describe('converter errors', () => {
  it('names the op and the node of an unsupported op', () => {
    // Prepare
    const art = tinyGraph({ dtype: F, shape: [2] }, [{ name: 'my/erf', op: 'Erf', input: ['x'] }], []);
    // Act
    const act = () => convertGraphModel(art, { outputs: { y: 'my/erf' } });
    // Assess
    expect(act).toThrow(/unsupported TF op Erf in node my\/erf/);
    try {
      act();
    } catch (e) {
      expect((e as LvuError).code).toBe('MODEL_UNSUPPORTED_OP');
    }
  });

  const dir = mkdtempSync(join(tmpdir(), 'lvu-bad-model-'));
  const BAD_FILES: { name: string; json: string; shard?: Uint8Array; code: string; message: RegExp }[] = [
    { name: 'corrupt JSON', json: '{"modelTopology": ', code: 'MODEL_FILE_INVALID', message: /cannot read TFJS model/ },
    {
      name: 'manifest without weightsManifest',
      json: '{"modelTopology": {"node": []}}',
      code: 'VALIDATION_FAILED',
      message: /weightsManifest/,
    },
    {
      name: 'missing weight shard',
      json: JSON.stringify({ modelTopology: { node: [] }, weightsManifest: [{ paths: ['gone.bin'], weights: [] }] }),
      code: 'MODEL_SOURCE_MISSING',
      message: /weight shard not found/,
    },
    {
      name: 'truncated weight shard',
      json: JSON.stringify({
        modelTopology: { node: [] },
        weightsManifest: [{ paths: ['w.bin'], weights: [{ name: 'w', shape: [4], dtype: 'float32' }] }],
      }),
      shard: new Uint8Array(8),
      code: 'MODEL_FILE_INVALID',
      message: /hold 8 bytes, manifest needs 16/,
    },
  ];
  it.each(BAD_FILES)('bad model file: $name', ({ name, json, shard, code, message }) => {
    // Prepare
    const path = join(dir, `${name.replace(/\W+/g, '-')}.json`);
    writeFileSync(path, json);
    if (shard) writeFileSync(join(dir, 'w.bin'), shard);
    // Act
    let err: unknown;
    try {
      readTfjsModel(path);
    } catch (e) {
      err = e;
    }
    // Assess
    expect(err).toBeInstanceOf(LvuError);
    expect((err as LvuError).code).toBe(code);
    expect((err as LvuError).message).toMatch(message);
  });

  it('dequantises float16 and uint8 weights as TFJS does', () => {
    // Prepare
    const half = new Uint16Array([0x3c00, 0xc000, 0x0001, 0x7bff]);
    const art = tinyGraph({ dtype: F, shape: [1] }, [], []);
    art.weightSpecs = [
      { name: 'h', shape: [4], dtype: 'float32', quantization: { dtype: 'float16' } },
      { name: 'q', shape: [2], dtype: 'float32', quantization: { dtype: 'uint8', min: -1, scale: 0.5 } },
    ];
    art.weightData = new Uint8Array([...new Uint8Array(half.buffer), 0, 3]);
    // Act
    const w = decodeWeights(art);
    // Assess
    expect([...w.get('h')!.data]).toEqual([1, -2, 2 ** -24, 65504]);
    expect([...w.get('q')!.data]).toEqual([-1, 0.5]);
    expect(halfToFloat(0x7c00)).toBe(Infinity);
  });
});
