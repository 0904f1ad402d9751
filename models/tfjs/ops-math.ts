/**
 * TF → ONNX mappings of element-wise maths, comparisons, reductions and casts. Layout-free:
 * these work on NHWC tensors as they are. Traps handled here: TF FloorDiv/FloorMod round
 * toward −∞ while ONNX's integer Div truncates (we go through float, exact below 2^24);
 * ONNX wants int64 for reduction axes given as inputs; ArgMax's int64 result is cast to the
 * TF `output_type`.
 */
import { LvuError } from '../../core/errors';
import { OnnxDataType } from '../onnx/schema';
import { attrBool, attrType, onnxTypeOf, type OpMapper, type TfGraphContext, type TfNode } from './graph-context';

function inputs(ctx: TfGraphContext, node: TfNode): string[] {
  return ctx.inputsOf(node).map((r) => ctx.value(r));
}

function unary(op: string): OpMapper {
  return (ctx, node) => [ctx.builder.one(op, inputs(ctx, node).slice(0, 1))];
}

function binary(op: string): OpMapper {
  return (ctx, node) => [ctx.builder.one(op, inputs(ctx, node).slice(0, 2))];
}

function isInteger(node: TfNode): boolean {
  const t = attrType(node, 'T');
  return t === 'DT_INT32' || t === 'DT_INT64';
}

/** floor(a / b), in float for integer tensors so that negative operands round toward −∞. */
function floorDivValue(ctx: TfGraphContext, node: TfNode, a: string, b: string): string {
  const g = ctx.builder;
  if (!isInteger(node)) return g.one('Floor', [g.one('Div', [a, b])]);
  const f = (v: string) => g.one('Cast', [v], { to: { i: OnnxDataType.FLOAT } });
  const q = g.one('Floor', [g.one('Div', [f(a), f(b)])]);
  return g.one('Cast', [q], { to: { i: onnxTypeOf(attrType(node, 'T'), node.name) } });
}

const floorDiv: OpMapper = (ctx, node) => {
  const [a, b] = inputs(ctx, node);
  return [floorDivValue(ctx, node, a!, b!)];
};

const floorMod: OpMapper = (ctx, node) => {
  const [a, b] = inputs(ctx, node);
  const g = ctx.builder;
  return [g.one('Sub', [a!, g.one('Mul', [floorDivValue(ctx, node, a!, b!), b!])])];
};

function constAxes(ctx: TfGraphContext, node: TfNode, ref: string | undefined): number[] {
  return [...ctx.requireConst(ref ?? '', node, 'reduction axes').data];
}

function reduce(op: 'ReduceMean' | 'ReduceMax' | 'ReduceMin' | 'ReduceProd' | 'ReduceSum'): OpMapper {
  return (ctx, node) => {
    const [xRef, axesRef] = ctx.inputsOf(node);
    const axes = constAxes(ctx, node, axesRef);
    const keepdims = { i: attrBool(node, 'keep_dims') ? 1 : 0 };
    const x = ctx.value(xRef!);
    // Opset 17: ReduceSum takes axes as an input, the others as an attribute.
    if (op === 'ReduceSum') return [ctx.builder.one(op, [x, ctx.builder.int64(axes)], { keepdims })];
    return [ctx.builder.one(op, [x], { axes: { ints: axes }, keepdims })];
  };
}

const cast: OpMapper = (ctx, node) => {
  const to = onnxTypeOf(attrType(node, 'DstT'), node.name);
  return [ctx.builder.one('Cast', [ctx.value(ctx.inputsOf(node)[0]!)], { to: { i: to } })];
};

const argMax: OpMapper = (ctx, node) => {
  const [xRef, axisRef] = ctx.inputsOf(node);
  const axis = constAxes(ctx, node, axisRef)[0]!;
  const idx = ctx.builder.one('ArgMax', [ctx.value(xRef!)], { axis: { i: axis }, keepdims: { i: 0 } });
  const outType = attrType(node, 'output_type') ?? 'DT_INT64';
  if (outType === 'DT_INT64') return [idx];
  return [ctx.builder.one('Cast', [idx], { to: { i: onnxTypeOf(outType, node.name) } })];
};

const relu6: OpMapper = (ctx, node) => {
  const g = ctx.builder;
  return [g.one('Clip', [ctx.value(ctx.inputsOf(node)[0]!), g.float32([0], []), g.float32([6], [])])];
};

const rsqrt: OpMapper = (ctx, node) => [ctx.builder.one('Reciprocal', [ctx.builder.one('Sqrt', inputs(ctx, node).slice(0, 1))])];

const square: OpMapper = (ctx, node) => {
  const [x] = inputs(ctx, node);
  return [ctx.builder.one('Mul', [x!, x!])];
};

const squaredDifference: OpMapper = (ctx, node) => {
  const d = ctx.builder.one('Sub', inputs(ctx, node).slice(0, 2));
  return [ctx.builder.one('Mul', [d, d])];
};

const notEqual: OpMapper = (ctx, node) => [ctx.builder.one('Not', [ctx.builder.one('Equal', inputs(ctx, node).slice(0, 2))])];

const softmax: OpMapper = (ctx, node) => [ctx.builder.one('Softmax', inputs(ctx, node).slice(0, 1), { axis: { i: -1 } })];

const leakyRelu: OpMapper = (ctx, node) => {
  const alpha = node.attr?.['alpha']?.f ?? 0.2;
  return [ctx.builder.one('LeakyRelu', inputs(ctx, node).slice(0, 1), { alpha: { f: alpha } })];
};

/**
 * TF Select/SelectV2 → Where. (TF v1 Select with a vector condition selects whole rows; the
 * default models only use same-shape conditions, which the TFJS reference tests confirm.)
 */
const select: OpMapper = (ctx, node) => {
  const [c, t, e] = inputs(ctx, node);
  return [ctx.builder.one('Where', [c!, t!, e!])];
};

const addN: OpMapper = (ctx, node) => {
  const xs = inputs(ctx, node);
  if (xs.length === 0) throw new LvuError('MODEL_INVALID', `AddN node ${node.name} has no inputs`);
  return [xs.length === 1 ? ctx.builder.one('Identity', xs) : ctx.builder.one('Sum', xs)];
};

/** Mappers of this module, by TF op name. */
export const MATH_OPS: Record<string, OpMapper> = {
  Identity: unary('Identity'),
  StopGradient: unary('Identity'),
  Snapshot: unary('Identity'),
  Relu: unary('Relu'),
  Relu6: relu6,
  Elu: unary('Elu'),
  Sigmoid: unary('Sigmoid'),
  Tanh: unary('Tanh'),
  Exp: unary('Exp'),
  Log: unary('Log'),
  Abs: unary('Abs'),
  Neg: unary('Neg'),
  Sqrt: unary('Sqrt'),
  Rsqrt: rsqrt,
  Square: square,
  Reciprocal: unary('Reciprocal'),
  Floor: unary('Floor'),
  Ceil: unary('Ceil'),
  Round: unary('Round'),
  LogicalNot: unary('Not'),
  Softmax: softmax,
  LeakyRelu: leakyRelu,
  Add: binary('Add'),
  AddV2: binary('Add'),
  BiasAdd: binary('Add'),
  Sub: binary('Sub'),
  Mul: binary('Mul'),
  RealDiv: binary('Div'),
  Pow: binary('Pow'),
  Maximum: binary('Max'),
  Minimum: binary('Min'),
  FloorDiv: floorDiv,
  FloorMod: floorMod,
  SquaredDifference: squaredDifference,
  AddN: addN,
  Less: binary('Less'),
  LessEqual: binary('LessOrEqual'),
  Greater: binary('Greater'),
  GreaterEqual: binary('GreaterOrEqual'),
  Equal: binary('Equal'),
  NotEqual: notEqual,
  LogicalAnd: binary('And'),
  LogicalOr: binary('Or'),
  Select: select,
  SelectV2: select,
  Mean: reduce('ReduceMean'),
  Sum: reduce('ReduceSum'),
  Max: reduce('ReduceMax'),
  Min: reduce('ReduceMin'),
  Prod: reduce('ReduceProd'),
  Cast: cast,
  ArgMax: argMax,
};
