/**
 * TFJS (Keras) layers model → ONNX, for nsfwjs's MobileNetV2. The graph is built in NCHW
 * from the start (one Transpose after the NHWC input), so convolutions, batch norm and
 * pooling map one-to-one to ONNX; a Transpose back to NHWC precedes Flatten and any 4-D
 * output so the flattened order is Keras's. Unknown layer classes are an error naming the
 * layer.
 */
import { z } from 'zod';
import { LvuError } from '../../core/errors';
import { parseOrThrow } from '../../core/validate';
import { GraphBuilder, type Attr, type ValueSpec } from '../onnx/builder';
import { OnnxDataType } from '../onnx/schema';
import { decodeWeights, type TfjsArtifacts, type WeightTensor } from './artifacts';
import type { ConvertedModel } from './graph-convert';

const layerSchema = z.object({
  name: z.string().min(1),
  class_name: z.string().min(1),
  config: z.record(z.string(), z.any()),
  inbound_nodes: z.array(z.array(z.array(z.any()))),
});
const topologySchema = z.object({
  model_config: z.object({ config: z.object({ layers: z.array(layerSchema).min(1) }) }),
});
type Layer = z.infer<typeof layerSchema>;

/** A value in the graph being built: 4-D values are NCHW, 2-D ones [batch, features]. */
interface Value {
  name: string;
  rank: number;
}

interface LayerCtx {
  b: GraphBuilder;
  weights: Map<string, WeightTensor>;
}

type LayerMapper = (ctx: LayerCtx, layer: Layer, inputs: Value[]) => Value;

function weight(ctx: LayerCtx, layer: Layer, key: string): WeightTensor {
  const w = ctx.weights.get(`${layer.name}/${key}`);
  if (!w) throw new LvuError('MODEL_INVALID', `layer ${layer.name} (${layer.class_name}) has no weight ${key}`);
  return w;
}

function init(ctx: LayerCtx, name: string, w: WeightTensor, dims = w.shape): string {
  return ctx.b.initializer(name, OnnxDataType.FLOAT, dims, w.data as Float32Array);
}

/** [kh,kw,ci,co] → OIHW; depthwise [kh,kw,c,m] → [c*m,1,kh,kw]. */
function kernelToOihw(w: WeightTensor, depthwise: boolean): WeightTensor {
  const [kh, kw, ci, co] = w.shape as [number, number, number, number];
  const out = new Float32Array(w.data.length);
  for (let y = 0; y < kh; y++)
    for (let x = 0; x < kw; x++)
      for (let i = 0; i < ci; i++)
        for (let o = 0; o < co; o++) {
          const oc = depthwise ? i * co + o : o;
          const inC = depthwise ? 1 : ci;
          out[((oc * inC + (depthwise ? 0 : i)) * kh + y) * kw + x] = w.data[((y * kw + x) * ci + i) * co + o]!;
        }
  return { dtype: 'float32', shape: depthwise ? [ci * co, 1, kh, kw] : [co, ci, kh, kw], data: out };
}

function activate(ctx: LayerCtx, layer: Layer, name: string, v: string): string {
  switch (name ?? 'linear') {
    case 'linear':
      return v;
    case 'relu':
      return ctx.b.one('Relu', [v]);
    case 'sigmoid':
      return ctx.b.one('Sigmoid', [v]);
    case 'tanh':
      return ctx.b.one('Tanh', [v]);
    case 'softmax':
      return ctx.b.one('Softmax', [v], { axis: { i: -1 } });
    default:
      throw new LvuError('MODEL_UNSUPPORTED_OP', `unsupported activation ${name} in layer ${layer.name}`, {
        details: { op: name, node: layer.name },
      });
  }
}

function convLayer(depthwise: boolean): LayerMapper {
  return (ctx, layer, [x]) => {
    const c = layer.config;
    const k = kernelToOihw(weight(ctx, layer, depthwise ? 'depthwise_kernel' : 'kernel'), depthwise);
    const inputs = [x!.name, init(ctx, `${layer.name}/kernel_oihw`, k)];
    if (c['use_bias']) inputs.push(init(ctx, `${layer.name}/bias`, weight(ctx, layer, 'bias')));
    const attrs: Record<string, Attr> = {
      kernel_shape: { ints: k.shape.slice(2) },
      strides: { ints: c['strides'] ?? [1, 1] },
      dilations: { ints: c['dilation_rate'] ?? [1, 1] },
      ...(c['padding'] === 'same' ? { auto_pad: { s: 'SAME_UPPER' } } : { pads: { ints: [0, 0, 0, 0] } }),
    };
    if (depthwise) attrs['group'] = { i: k.shape[0]! / (c['depth_multiplier'] ?? 1) };
    return { name: activate(ctx, layer, c['activation'], ctx.b.one('Conv', inputs, attrs, layer.name)), rank: 4 };
  };
}

const batchNorm: LayerMapper = (ctx, layer, [x]) => {
  const c = layer.config;
  if (c['axis'] !== -1 && c['axis'] !== 3)
    throw new LvuError('MODEL_UNSUPPORTED', `layer ${layer.name}: BatchNormalization axis ${c['axis']} is not supported`);
  const mean = weight(ctx, layer, 'moving_mean');
  const ones = { dtype: 'float32' as const, shape: mean.shape, data: new Float32Array(mean.data.length).fill(1) };
  const zeros = { dtype: 'float32' as const, shape: mean.shape, data: new Float32Array(mean.data.length) };
  const gamma = c['scale'] === false ? ones : weight(ctx, layer, 'gamma');
  const beta = c['center'] === false ? zeros : weight(ctx, layer, 'beta');
  const args = [
    x!.name,
    init(ctx, `${layer.name}/gamma`, gamma),
    init(ctx, `${layer.name}/beta`, beta),
    init(ctx, `${layer.name}/mean`, mean),
    init(ctx, `${layer.name}/variance`, weight(ctx, layer, 'moving_variance')),
  ];
  return { name: ctx.b.one('BatchNormalization', args, { epsilon: { f: c['epsilon'] ?? 1e-3 } }, layer.name), rank: 4 };
};

const relu: LayerMapper = (ctx, layer, [x]) => {
  const c = layer.config;
  if ((c['negative_slope'] ?? 0) !== 0 || (c['threshold'] ?? 0) !== 0)
    throw new LvuError('MODEL_UNSUPPORTED', `layer ${layer.name}: ReLU with slope/threshold is not supported`);
  const max = c['max_value'];
  const y = max == null ? ctx.b.one('Relu', [x!.name]) : ctx.b.one('Clip', [x!.name, ctx.b.float32([0], []), ctx.b.float32([max], [])]);
  return { name: y, rank: x!.rank };
};

function pool(op: 'AveragePool' | 'MaxPool'): LayerMapper {
  return (ctx, layer, [x]) => {
    const c = layer.config;
    const attrs: Record<string, Attr> = {
      kernel_shape: { ints: c['pool_size'] },
      strides: { ints: c['strides'] ?? c['pool_size'] },
      ...(c['padding'] === 'same' ? { auto_pad: { s: 'SAME_UPPER' } } : {}),
    };
    return { name: ctx.b.one(op, [x!.name], attrs, layer.name), rank: 4 };
  };
}

const flatten: LayerMapper = (ctx, _layer, [x]) => {
  const nhwc = x!.rank === 4 ? ctx.b.one('Transpose', [x!.name], { perm: { ints: [0, 2, 3, 1] } }) : x!.name;
  return { name: ctx.b.one('Flatten', [nhwc], { axis: { i: 1 } }), rank: 2 };
};

const dense: LayerMapper = (ctx, layer, [x]) => {
  const args = [x!.name, init(ctx, `${layer.name}/kernel`, weight(ctx, layer, 'kernel'))];
  let y = ctx.b.one('MatMul', args, {}, layer.name);
  if (layer.config['use_bias'] !== false) y = ctx.b.one('Add', [y, init(ctx, `${layer.name}/bias`, weight(ctx, layer, 'bias'))]);
  return { name: activate(ctx, layer, layer.config['activation'], y), rank: 2 };
};

const zeroPad: LayerMapper = (ctx, layer, [x]) => {
  const p = layer.config['padding'] as number[][] | number[] | number;
  const rows: number[][] =
    typeof p === 'number'
      ? [
          [p, p],
          [p, p],
        ]
      : Array.isArray(p[0])
        ? (p as number[][])
        : [
            [p[0] as number, p[0] as number],
            [p[1] as number, p[1] as number],
          ];
  const [t = 0, bt = 0] = rows[0] ?? [];
  const [l = 0, r = 0] = rows[1] ?? [];
  return { name: ctx.b.one('Pad', [x!.name, ctx.b.int64([0, 0, t, l, 0, 0, bt, r])], { mode: { s: 'constant' } }), rank: 4 };
};

const LAYERS: Record<string, LayerMapper> = {
  Conv2D: convLayer(false),
  DepthwiseConv2D: convLayer(true),
  BatchNormalization: batchNorm,
  ReLU: relu,
  Activation: (ctx, layer, [x]) => ({ name: activate(ctx, layer, layer.config['activation'], x!.name), rank: x!.rank }),
  ZeroPadding2D: zeroPad,
  Add: (ctx, layer, xs) => ({
    name: ctx.b.one(
      xs.length === 2 ? 'Add' : 'Sum',
      xs.map((v) => v.name),
      {},
      layer.name,
    ),
    rank: xs[0]!.rank,
  }),
  AveragePooling2D: pool('AveragePool'),
  MaxPooling2D: pool('MaxPool'),
  GlobalAveragePooling2D: (ctx, _l, [x]) => ({
    name: ctx.b.one('Flatten', [ctx.b.one('GlobalAveragePool', [x!.name])], { axis: { i: 1 } }),
    rank: 2,
  }),
  Flatten: flatten,
  Dense: dense,
  Dropout: (_ctx, _l, [x]) => x!,
};

/** Layer names of the inputs of a layer (single inbound node, the Keras functional form). */
function inboundNames(layer: Layer): string[] {
  if (layer.inbound_nodes.length > 1)
    throw new LvuError('MODEL_UNSUPPORTED', `layer ${layer.name} is shared (${layer.inbound_nodes.length} inbound nodes)`);
  return (layer.inbound_nodes[0] ?? []).map((e) => String(e[0]));
}

function buildLayers(ctx: LayerCtx, layers: Layer[], input: string): Map<string, Value> {
  const values = new Map<string, Value>();
  for (const layer of layers) {
    if (layer.class_name === 'InputLayer') {
      values.set(layer.name, { name: ctx.b.one('Transpose', [input], { perm: { ints: [0, 3, 1, 2] } }), rank: 4 });
      continue;
    }
    const mapper = LAYERS[layer.class_name];
    if (!mapper)
      throw new LvuError('MODEL_UNSUPPORTED_OP', `unsupported layer class ${layer.class_name} in layer ${layer.name}`, {
        details: { op: layer.class_name, node: layer.name },
      });
    const inputs = inboundNames(layer).map((n) => {
      const v = values.get(n);
      if (!v) throw new LvuError('MODEL_INVALID', `layer ${layer.name} consumes ${n}, which is not defined before it`);
      return v;
    });
    values.set(layer.name, mapper(ctx, layer, inputs));
  }
  return values;
}

/** Converts a TFJS layers model; `outputs` maps ONNX output names to Keras layer names. */
export function convertLayersModel(
  art: TfjsArtifacts,
  outputs: Record<string, string>,
  inputDims: (number | string)[],
  graphName = 'lvu',
): ConvertedModel {
  if (art.format !== 'layers-model') throw new LvuError('MODEL_INVALID', `expected a TFJS layers model, got ${art.format}`);
  const topo = parseOrThrow(topologySchema, art.modelTopology, 'TFJS layers topology');
  const ctx: LayerCtx = { b: new GraphBuilder(graphName), weights: decodeWeights(art) };
  const input: ValueSpec = { name: 'input', dataType: OnnxDataType.FLOAT, dims: inputDims };
  const values = buildLayers(ctx, topo.model_config.config.layers, ctx.b.input(input));
  const outSpecs: ValueSpec[] = [];
  for (const [name, layerName] of Object.entries(outputs)) {
    const v = values.get(layerName);
    if (!v) throw new LvuError('MODEL_INVALID', `requested output ${name} refers to missing layer ${layerName}`);
    const out = v.rank === 4 ? ctx.b.one('Transpose', [v.name], { perm: { ints: [0, 2, 3, 1] } }) : v.name;
    const spec: ValueSpec = { name, dataType: OnnxDataType.FLOAT };
    ctx.b.output(out, spec);
    outSpecs.push(spec);
  }
  return { bytes: ctx.b.toBytes({ converter: 'lvu tfjs-layers→onnx' }), inputs: [input], outputs: outSpecs };
}
