/**
 * Graph patches: replacement mappers for the few TF nodes whose folded constants pin a
 * converted graph to the input size and batch it was exported with. TF's exporter folds
 * `shape(x)` arithmetic into constants, so a graph that is fully convolutional still
 * carries its 512² heatmap side and batch 1 in a handful of Reshape/Resize constants; each
 * patch below recomputes the same value from the tensor's run-time shape. At the original
 * size and batch 1 a patched graph computes exactly what the unpatched one does (checked in
 * test/models/dynamic.test.ts against the unpatched conversion).
 */
import { OnnxDataType } from '../onnx/schema';
import type { OpMapper } from './graph-context';
import { toNchw, toNhwc } from './ops-nn';

const CENTERNET_HEATMAP = 'tower_0/keypoints';

/** TF ResizeBilinear (align_corners and half_pixel_centers off) to twice the input's H and W. */
const upsampleTwice: OpMapper = (ctx, node) => {
  const b = ctx.builder;
  const x = toNchw(ctx, ctx.value(ctx.inputsOf(node)[0]!));
  const shape = b.one('Shape', [x]);
  const nc = b.one('Slice', [shape, b.int64([0]), b.int64([2])]);
  const hw = b.one('Mul', [b.one('Slice', [shape, b.int64([2]), b.int64([4])]), b.int64([2, 2])]);
  const sizes = b.one('Concat', [nc, hw], { axis: { i: 0 } });
  const y = b.one('Resize', [x, '', '', sizes], { mode: { s: 'linear' }, coordinate_transformation_mode: { s: 'asymmetric' } });
  return [toNhwc(ctx, y)];
};

/** The heatmap's width as an int32 scalar (the graph had it folded to 128). */
const heatmapWidth: OpMapper = (ctx) => {
  const b = ctx.builder;
  const w = b.one('Gather', [b.one('Shape', [ctx.value(CENTERNET_HEATMAP)]), b.int64([2], [])], { axis: { i: 0 } });
  return [b.one('Cast', [w], { to: { i: OnnxDataType.INT32 } })];
};

/** Reshape of the first input to a fixed shape where 0 keeps the batch dim (ONNX Reshape semantics). */
function reshapeKeepingBatch(shape: readonly number[]): OpMapper {
  return (ctx, node) => [ctx.builder.one('Reshape', [ctx.value(ctx.inputsOf(node)[0]!), ctx.builder.int64(shape)])];
}

/** The gather indices [B, K] (int32) as GatherND indices [B, K, 1] (int64). */
const gatherIndices: OpMapper = (ctx, node) => {
  const b = ctx.builder;
  const i64 = b.one('Cast', [ctx.value(ctx.inputsOf(node)[0]!)], { to: { i: OnnxDataType.INT64 } });
  return [b.one('Unsqueeze', [i64, b.int64([-1])])];
};

/** Per-image gather of the K box sizes: [B, HW, 4] by [B, K, 1] → [B, K, 4]. */
const gatherPerImage: OpMapper = (ctx, node) => {
  const [params, indices] = ctx.inputsOf(node);
  return [ctx.builder.one('GatherND', [ctx.value(params!), ctx.value(indices!)], { batch_dims: { i: 1 } })];
};

/** Passes the first input through (the reshape it replaces is already done). */
const passThrough: OpMapper = (ctx, node) => [ctx.value(ctx.inputsOf(node)[0]!)];

/**
 * CenterNet (MobileNetV3, @vladmandic/human): free batch, height and width (multiples of
 * 32). Folded in the TFJS graph: the three ×2 upsamplings of the head as sizes 32², 64²,
 * 128²; the heatmap width 128 of the peak → (x, y) arithmetic; the flattening of the
 * heatmap for TopK as [1, -1]; and the box-size gather `BatchGather` as a gather into one
 * [16384, 4] table, which only works for batch 1 (now GatherND with batch_dims 1).
 */
export const CENTERNET_DYNAMIC: Readonly<Record<string, OpMapper>> = {
  'tower_0/CenternetHead/c5_upsample/up_sampling2d/ResizeBilinear': upsampleTwice,
  'tower_0/CenternetHead/c4_upsample/up_sampling2d_1/ResizeBilinear': upsampleTwice,
  'tower_0/CenternetHead/c3_upsample/up_sampling2d_2/ResizeBilinear': upsampleTwice,
  'tower_0/strided_slice_6': heatmapWidth,
  'tower_0/Reshape': reshapeKeepingBatch([0, -1]),
  'tower_0/BatchGather/Reshape_2': reshapeKeepingBatch([0, -1, 4]),
  'tower_0/BatchGather/Reshape_1': gatherIndices,
  'tower_0/BatchGather/GatherV2': gatherPerImage,
  'tower_0/BatchGather/Reshape_3': passThrough,
};

/** Patch sets a conversion recipe may name. */
export const GRAPH_PATCHES = { 'centernet-dynamic': CENTERNET_DYNAMIC } as const satisfies Record<
  string,
  Readonly<Record<string, OpMapper>>
>;
export type GraphPatchName = keyof typeof GRAPH_PATCHES;
