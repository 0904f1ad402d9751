/**
 * TF → ONNX mappings of the layout-sensitive ops: convolutions (plain, depthwise and the
 * TFJS `_Fused*` forms with folded bias and activation), pooling, bilinear resize and
 * (fused) matmul. TF is NHWC and ONNX's Conv/Pool/Resize are NCHW, so each op is wrapped
 * in a pair of Transposes; ONNX Runtime's transpose optimiser cancels the inner pairs.
 * TF "SAME" padding puts the extra pixel at the end, i.e. ONNX `SAME_UPPER`.
 */
import { LvuError } from '../../core/errors';
import type { Attr } from '../onnx/builder';
import { OnnxDataType } from '../onnx/schema';
import { attrBool, attrFloat, attrInts, attrStr, attrStrs, type OpMapper, type TfGraphContext, type TfNode } from './graph-context';

const TO_NCHW = [0, 3, 1, 2];
const TO_NHWC = [0, 2, 3, 1];

/** NHWC → NCHW (ONNX convolution and pooling layout). */
export function toNchw(ctx: TfGraphContext, v: string): string {
  return ctx.builder.one('Transpose', [v], { perm: { ints: TO_NCHW } });
}
/** NCHW → NHWC (back to the TF layout). */
export function toNhwc(ctx: TfGraphContext, v: string): string {
  return ctx.builder.one('Transpose', [v], { perm: { ints: TO_NHWC } });
}

function requireNhwc(node: TfNode): void {
  const format = attrStr(node, 'data_format', 'NHWC');
  if (format !== 'NHWC') throw new LvuError('MODEL_UNSUPPORTED', `node ${node.name} (${node.op}): data_format ${format} is not supported`);
}

/** Padding attributes of a conv/pool node in ONNX form. */
function paddingAttrs(node: TfNode): Record<string, Attr> {
  const padding = attrStr(node, 'padding');
  if (padding === 'SAME') return { auto_pad: { s: 'SAME_UPPER' } };
  if (padding === 'VALID') return { pads: { ints: [0, 0, 0, 0] } };
  if (padding === 'EXPLICIT') {
    const p = attrInts(node, 'explicit_paddings'); // [n0,n1,h0,h1,w0,w1,c0,c1]
    return { pads: { ints: [p[2] ?? 0, p[4] ?? 0, p[3] ?? 0, p[5] ?? 0] } };
  }
  throw new LvuError('MODEL_UNSUPPORTED', `node ${node.name} (${node.op}): padding ${padding} is not supported`);
}

/** HWIO (conv) or HWCM (depthwise) filter → OIHW, in the order ONNX expects. */
function filterToOihw(data: Float32Array, shape: number[], depthwise: boolean): { data: Float32Array; dims: number[] } {
  const [kh, kw, ci, co] = shape as [number, number, number, number];
  const out = new Float32Array(data.length);
  const outC = depthwise ? ci * co : co;
  const inC = depthwise ? 1 : ci;
  for (let y = 0; y < kh; y++)
    for (let x = 0; x < kw; x++)
      for (let i = 0; i < ci; i++)
        for (let o = 0; o < co; o++) {
          const src = ((y * kw + x) * ci + i) * co + o;
          const oc = depthwise ? i * co + o : o;
          const ic = depthwise ? 0 : i;
          out[((oc * inC + ic) * kh + y) * kw + x] = data[src]!;
        }
  return { data: out, dims: [outC, inC, kh, kw] };
}

/** Applies a TF activation name to an NCHW value (Prelu's alpha is reshaped to [C,1,1]). */
function activation(ctx: TfGraphContext, node: TfNode, name: string, v: string, alphaRef?: string): string {
  const b = ctx.builder;
  switch (name) {
    case 'Relu':
      return b.one('Relu', [v]);
    case 'Relu6':
      return b.one('Clip', [v, b.float32([0], []), b.float32([6], [])]);
    case 'Elu':
      return b.one('Elu', [v]);
    case 'Sigmoid':
      return b.one('Sigmoid', [v]);
    case 'Tanh':
      return b.one('Tanh', [v]);
    case 'LeakyRelu':
      return b.one('LeakyRelu', [v], { alpha: { f: attrFloat(node, 'leakyrelu_alpha', 0.2) } });
    case 'Prelu': {
      const alpha = ctx.requireConst(alphaRef ?? '', node, 'Prelu alpha');
      const c = alpha.data.length;
      return b.one('PRelu', [v, b.initializer(`${node.name}/alpha`, OnnxDataType.FLOAT, [c, 1, 1], alpha.data as Float32Array)]);
    }
    default:
      throw new LvuError('MODEL_UNSUPPORTED_OP', `unsupported fused activation ${name} in node ${node.name}`, {
        details: { op: name, node: node.name },
      });
  }
}

function convLike(depthwise: boolean): OpMapper {
  return (ctx, node) => {
    requireNhwc(node);
    const [xRef, wRef, ...extra] = ctx.inputsOf(node);
    const w = ctx.requireConst(wRef ?? '', node, 'filter');
    const { data, dims } = filterToOihw(w.data as Float32Array, w.shape, depthwise);
    const b = ctx.builder;
    const inputs = [toNchw(ctx, ctx.value(xRef!)), b.initializer(`${node.name}/filter_oihw`, OnnxDataType.FLOAT, dims, data)];
    const fused = attrStrs(node, 'fused_ops');
    if (fused[0] === 'BiasAdd') inputs.push(ctx.value(extra[0]!));
    else if (fused.length > 0)
      throw new LvuError('MODEL_UNSUPPORTED_OP', `unsupported fused op ${fused[0]} in node ${node.name}`, {
        details: { op: fused[0], node: node.name },
      });
    const strides = attrInts(node, 'strides', [1, 1, 1, 1]);
    const dil = attrInts(node, 'dilations', [1, 1, 1, 1]);
    const attrs: Record<string, Attr> = {
      strides: { ints: [strides[1]!, strides[2]!] },
      dilations: { ints: [dil[1]!, dil[2]!] },
      kernel_shape: { ints: dims.slice(2) },
      ...paddingAttrs(node),
    };
    if (depthwise) attrs['group'] = { i: dims[0]! / (w.shape[3] ?? 1) };
    let y = b.one('Conv', inputs, attrs, depthwise ? 'DepthwiseConv' : 'Conv');
    for (const act of fused.slice(1)) y = activation(ctx, node, act, y, extra[1]);
    return [toNhwc(ctx, y)];
  };
}

function pool(onnxOp: 'MaxPool' | 'AveragePool'): OpMapper {
  return (ctx, node) => {
    requireNhwc(node);
    const k = attrInts(node, 'ksize');
    const s = attrInts(node, 'strides');
    const attrs = { kernel_shape: { ints: [k[1]!, k[2]!] }, strides: { ints: [s[1]!, s[2]!] }, ...paddingAttrs(node) };
    const y = ctx.builder.one(onnxOp, [toNchw(ctx, ctx.value(ctx.inputsOf(node)[0]!))], attrs);
    return [toNhwc(ctx, y)];
  };
}

/** TF ResizeBilinear → ONNX Resize (linear) with the matching coordinate transform. */
const resizeBilinear: OpMapper = (ctx, node) => {
  const [xRef, sizeRef] = ctx.inputsOf(node);
  const b = ctx.builder;
  const x = toNchw(ctx, ctx.value(xRef!));
  const nc = b.one('Slice', [b.one('Shape', [x]), b.int64([0]), b.int64([2])]);
  const sizes = b.one('Concat', [nc, ctx.int64(sizeRef!)], { axis: { i: 0 } });
  const mode = attrBool(node, 'align_corners') ? 'align_corners' : attrBool(node, 'half_pixel_centers') ? 'half_pixel' : 'asymmetric';
  const y = b.one('Resize', [x, '', '', sizes], { mode: { s: 'linear' }, coordinate_transformation_mode: { s: mode } });
  return [toNhwc(ctx, y)];
};

/** TF MatMul / `_FusedMatMul` (bias and activation folded) → MatMul (+ Add, activation). */
const matMul: OpMapper = (ctx, node) => {
  const [aRef, bRef, ...extra] = ctx.inputsOf(node);
  const b = ctx.builder;
  let a = ctx.value(aRef!);
  let w = ctx.value(bRef!);
  if (attrBool(node, 'transpose_a')) a = b.one('Transpose', [a], { perm: { ints: [1, 0] } });
  if (attrBool(node, 'transpose_b')) w = b.one('Transpose', [w], { perm: { ints: [1, 0] } });
  let y = b.one('MatMul', [a, w]);
  const fused = attrStrs(node, 'fused_ops');
  if (fused[0] === 'BiasAdd') y = b.one('Add', [y, ctx.value(extra[0]!)]);
  else if (fused.length > 0)
    throw new LvuError('MODEL_UNSUPPORTED_OP', `unsupported fused op ${fused[0]} in node ${node.name}`, {
      details: { op: fused[0], node: node.name },
    });
  for (const act of fused.slice(1)) {
    if (act === 'Prelu') throw new LvuError('MODEL_UNSUPPORTED_OP', `unsupported fused op Prelu in matmul node ${node.name}`);
    y = activation(ctx, node, act, y);
  }
  return [y];
};

/** Mappers of this module, by TF op name. */
export const NN_OPS: Record<string, OpMapper> = {
  Conv2D: convLike(false),
  _FusedConv2D: convLike(false),
  DepthwiseConv2dNative: convLike(true),
  FusedDepthwiseConv2dNative: convLike(true),
  MaxPool: pool('MaxPool'),
  AvgPool: pool('AveragePool'),
  ResizeBilinear: resizeBilinear,
  MatMul: matMul,
  _FusedMatMul: matMul,
};
