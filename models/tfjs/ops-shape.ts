/**
 * TF → ONNX mappings of shape and indexing ops. TF indices and shapes are int32 while ONNX
 * wants int64 for shapes, axes, repeats, pads, K and GatherND indices, so those inputs go
 * through `ctx.int64` (an initializer for constants, a Cast otherwise); `Shape`/`Size`/TopK
 * indices come back as int32 as TF has them. StridedSlice masks are lowered to Slice +
 * Squeeze (shrink) + Unsqueeze (new axes).
 */
import { LvuError } from '../../core/errors';
import { OnnxDataType } from '../onnx/schema';
import { attrInt, attrInts, attrType, onnxTypeOf, type OpMapper, type TfGraphContext, type TfNode } from './graph-context';

const BIG = 2147483647;

function ins(ctx: TfGraphContext, node: TfNode): string[] {
  return ctx.inputsOf(node);
}

function constInts(ctx: TfGraphContext, node: TfNode, ref: string | undefined, role: string): number[] {
  return [...ctx.requireConst(ref ?? '', node, role).data];
}

function toInt32(ctx: TfGraphContext, node: TfNode, v: string, key = 'out_type'): string {
  const to = onnxTypeOf(attrType(node, key) ?? 'DT_INT32', node.name);
  return to === OnnxDataType.INT64 ? v : ctx.builder.one('Cast', [v], { to: { i: to } });
}

const shape: OpMapper = (ctx, node) => [toInt32(ctx, node, ctx.builder.one('Shape', [ctx.value(ins(ctx, node)[0]!)]))];
const size: OpMapper = (ctx, node) => [toInt32(ctx, node, ctx.builder.one('Size', [ctx.value(ins(ctx, node)[0]!)]))];

const reshape: OpMapper = (ctx, node) => {
  const [x, s] = ins(ctx, node);
  return [ctx.builder.one('Reshape', [ctx.value(x!), ctx.int64(s!)])];
};

const squeeze: OpMapper = (ctx, node) => {
  const axes = attrInts(node, 'squeeze_dims', attrInts(node, 'axis'));
  const x = ctx.value(ins(ctx, node)[0]!);
  return [ctx.builder.one('Squeeze', axes.length ? [x, ctx.builder.int64(axes)] : [x])];
};

const expandDims: OpMapper = (ctx, node) => {
  const [x, a] = ins(ctx, node);
  return [ctx.builder.one('Unsqueeze', [ctx.value(x!), ctx.builder.int64(constInts(ctx, node, a, 'axis'))])];
};

const transpose: OpMapper = (ctx, node) => {
  const [x, p] = ins(ctx, node);
  return [ctx.builder.one('Transpose', [ctx.value(x!)], { perm: { ints: constInts(ctx, node, p, 'perm') } })];
};

const concat: OpMapper = (ctx, node) => {
  const refs = ins(ctx, node);
  const axis = constInts(ctx, node, refs[refs.length - 1], 'axis')[0]!;
  return [
    ctx.builder.one(
      'Concat',
      refs.slice(0, -1).map((r) => ctx.value(r)),
      { axis: { i: axis } },
    ),
  ];
};

const pack: OpMapper = (ctx, node) => {
  const axis = attrInt(node, 'axis', 0);
  const b = ctx.builder;
  const parts = ins(ctx, node).map((r) => b.one('Unsqueeze', [ctx.value(r), b.int64([axis])]));
  return [parts.length === 1 ? parts[0]! : b.one('Concat', parts, { axis: { i: axis } })];
};

const unpack: OpMapper = (ctx, node) => {
  const axis = attrInt(node, 'axis', 0);
  const num = attrInt(node, 'num');
  const b = ctx.builder;
  const parts = b.add('Split', [ctx.value(ins(ctx, node)[0]!)], { axis: { i: axis } }, num);
  return parts.map((p) => b.one('Squeeze', [p, b.int64([axis])]));
};

const split: OpMapper = (ctx, node) => {
  const [axisRef, x] = ins(ctx, node);
  const axis = constInts(ctx, node, axisRef, 'split_dim')[0]!;
  return ctx.builder.add('Split', [ctx.value(x!)], { axis: { i: axis } }, attrInt(node, 'num_split'));
};

/** The Slice arguments, shrink axes and new-axis positions of a TF StridedSlice. */
function stridedSpec(node: TfNode, begin: number[], end: number[], strides: number[]) {
  if (attrInt(node, 'ellipsis_mask', 0) !== 0)
    throw new LvuError('MODEL_UNSUPPORTED', `node ${node.name} (StridedSlice): ellipsis_mask is not supported`);
  const bm = attrInt(node, 'begin_mask', 0),
    em = attrInt(node, 'end_mask', 0);
  const nm = attrInt(node, 'new_axis_mask', 0),
    sm = attrInt(node, 'shrink_axis_mask', 0);
  const s = {
    starts: [] as number[],
    ends: [] as number[],
    axes: [] as number[],
    steps: [] as number[],
    shrink: [] as number[],
    newAxes: [] as number[],
  };
  let inAxis = 0,
    outAxis = 0;
  for (let i = 0; i < begin.length; i++) {
    const bit = 1 << i;
    if (nm & bit) {
      s.newAxes.push(outAxis++);
      continue;
    }
    const step = strides[i]!;
    if (sm & bit) {
      s.starts.push(begin[i]!);
      s.ends.push(begin[i] === -1 ? BIG : begin[i]! + 1);
      s.steps.push(1);
      s.shrink.push(inAxis);
    } else {
      s.starts.push(bm & bit ? (step > 0 ? 0 : BIG) : begin[i]!);
      s.ends.push(em & bit ? (step > 0 ? BIG : -BIG) : end[i]!);
      s.steps.push(step);
      outAxis++;
    }
    s.axes.push(inAxis++);
  }
  return s;
}

const stridedSlice: OpMapper = (ctx, node) => {
  const [x, bRef, eRef, sRef] = ins(ctx, node);
  const spec = stridedSpec(
    node,
    constInts(ctx, node, bRef, 'begin'),
    constInts(ctx, node, eRef, 'end'),
    constInts(ctx, node, sRef, 'strides'),
  );
  const g = ctx.builder;
  let y = ctx.value(x!);
  if (spec.axes.length) y = g.one('Slice', [y, g.int64(spec.starts), g.int64(spec.ends), g.int64(spec.axes), g.int64(spec.steps)]);
  if (spec.shrink.length) y = g.one('Squeeze', [y, g.int64(spec.shrink)]);
  if (spec.newAxes.length) y = g.one('Unsqueeze', [y, g.int64(spec.newAxes)]);
  return [y];
};

const slice: OpMapper = (ctx, node) => {
  const [x, bRef, sRef] = ins(ctx, node);
  const begin = constInts(ctx, node, bRef, 'begin');
  const sizes = constInts(ctx, node, sRef, 'size');
  const ends = sizes.map((n, i) => (n < 0 ? BIG : begin[i]! + n));
  const g = ctx.builder;
  return [g.one('Slice', [ctx.value(x!), g.int64(begin), g.int64(ends), g.int64(begin.map((_, i) => i))])];
};

const fill: OpMapper = (ctx, node) => {
  const [dims, v] = ins(ctx, node);
  return [ctx.builder.one('Expand', [ctx.value(v!), ctx.int64(dims!)])];
};

const tile: OpMapper = (ctx, node) => {
  const [x, m] = ins(ctx, node);
  return [ctx.builder.one('Tile', [ctx.value(x!), ctx.int64(m!)])];
};

const range: OpMapper = (ctx, node) => [
  ctx.builder.one(
    'Range',
    ins(ctx, node).map((r) => ctx.value(r)),
  ),
];

const gatherV2: OpMapper = (ctx, node) => {
  const [p, i, a] = ins(ctx, node);
  if (attrInt(node, 'batch_dims', 0) !== 0)
    throw new LvuError('MODEL_UNSUPPORTED', `node ${node.name} (GatherV2): batch_dims is not supported`);
  const axis = constInts(ctx, node, a, 'axis')[0]!;
  return [ctx.builder.one('Gather', [ctx.value(p!), ctx.value(i!)], { axis: { i: axis } })];
};

const gatherNd: OpMapper = (ctx, node) => {
  const [p, i] = ins(ctx, node);
  return [ctx.builder.one('GatherND', [ctx.value(p!), ctx.int64(i!)])];
};

/** TopKV2 → TopK (largest, sorted; ONNX also puts the lower index first on ties, as TF does). */
const topK: OpMapper = (ctx, node) => {
  const [x, k] = ins(ctx, node);
  const g = ctx.builder;
  const kk = g.one('Reshape', [ctx.int64(k!), g.int64([1])]);
  const [values, indices] = g.add('TopK', [ctx.value(x!), kk], { axis: { i: -1 }, largest: { i: 1 }, sorted: { i: 1 } }, 2);
  return [values!, g.one('Cast', [indices!], { to: { i: OnnxDataType.INT32 } })];
};

const pad: OpMapper = (ctx, node) => {
  const [x, p, c] = ins(ctx, node);
  const flat = constInts(ctx, node, p, 'paddings');
  const rank = flat.length / 2;
  const pads = [...Array.from({ length: rank }, (_, i) => flat[2 * i]!), ...Array.from({ length: rank }, (_, i) => flat[2 * i + 1]!)];
  const args = [ctx.value(x!), ctx.builder.int64(pads)];
  if (c) args.push(ctx.value(c));
  return [ctx.builder.one('Pad', args, { mode: { s: 'constant' } })];
};

/** Mappers of this module, by TF op name. */
export const SHAPE_OPS: Record<string, OpMapper> = {
  Shape: shape,
  Size: size,
  Reshape: reshape,
  Squeeze: squeeze,
  ExpandDims: expandDims,
  Transpose: transpose,
  ConcatV2: concat,
  Pack: pack,
  Unpack: unpack,
  Split: split,
  StridedSlice: stridedSlice,
  Slice: slice,
  Fill: fill,
  Tile: tile,
  Range: range,
  GatherV2: gatherV2,
  GatherNd: gatherNd,
  TopKV2: topK,
  Pad: pad,
  PadV2: pad,
};
