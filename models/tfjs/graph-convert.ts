/**
 * TFJS graph model → ONNX. Walks back from the requested outputs, converting each TF node
 * with the op mappers of ops-nn/ops-math/ops-shape (unused branches are dropped), binds the
 * single Placeholder to the ONNX input, and names the outputs as the caller asks. An op
 * without a mapper is an `MODEL_UNSUPPORTED_OP` error naming the op and the node.
 */
import { z } from 'zod';
import { LvuError } from '../../core/errors';
import { parseOrThrow } from '../../core/validate';
import type { ValueSpec } from '../onnx/builder';
import { decodeWeights, type TfjsArtifacts } from './artifacts';
import { attrType, onnxTypeOf, parseRef, TfGraphContext, type OpMapper, type TfNode } from './graph-context';
import { MATH_OPS } from './ops-math';
import { NN_OPS } from './ops-nn';
import { SHAPE_OPS } from './ops-shape';

/** Every TF op the converter maps, by name. */
const GRAPH_OPS: Readonly<Record<string, OpMapper>> = { ...NN_OPS, ...MATH_OPS, ...SHAPE_OPS };

const topologySchema = z.object({
  node: z
    .array(
      z.object({
        name: z.string().min(1),
        op: z.string().min(1),
        input: z.array(z.string()).optional(),
        attr: z.record(z.string(), z.any()).optional(),
      }),
    )
    .min(1),
});

/** What to convert: ONNX output names → TF tensor references, and optional input overrides. */
export interface GraphConversionSpec {
  outputs: Record<string, string>;
  /** ONNX input name (default: the TF placeholder's name). */
  inputName?: string;
  /** Input dims override; strings are symbolic (e.g. `['batch', 224, 224, 3]`). */
  inputDims?: (number | string)[];
  /** Output dims by ONNX output name, recorded in the model (optional). */
  outputDims?: Record<string, (number | string)[]>;
  /**
   * Replacement mappers by TF node name, for the nodes whose folded constants pin the
   * graph to one input size or batch (see `graph-patches.ts`).
   */
  overrides?: Readonly<Record<string, OpMapper>>;
}

/** A converted model: ONNX bytes plus its input and output signatures. */
export interface ConvertedModel {
  bytes: Uint8Array;
  inputs: ValueSpec[];
  outputs: ValueSpec[];
}

function placeholderSpec(node: TfNode, spec: GraphConversionSpec): ValueSpec {
  const dims =
    spec.inputDims ??
    (node.attr?.['shape']?.shape?.dim ?? []).map((d, k) => {
      const n = Number(d.size ?? -1);
      return n >= 0 ? n : (['batch', 'height', 'width', 'channels'][k] ?? `d${k}`);
    });
  return { name: spec.inputName ?? node.name, dataType: onnxTypeOf(attrType(node, 'dtype'), node.name), dims };
}

/** The TF element type produced by a node (from its `T`/`DstT`/`dtype` attribute). */
function outputType(node: TfNode, index: number): string | undefined {
  if (node.op === 'TopKV2' && index === 1) return 'DT_INT32';
  return attrType(node, 'DstT') ?? attrType(node, 'output_type') ?? attrType(node, 'T') ?? attrType(node, 'dtype') ?? 'DT_FLOAT';
}

/** Converts a TFJS graph model to ONNX bytes. */
export function convertGraphModel(art: TfjsArtifacts, spec: GraphConversionSpec, graphName = 'lvu'): ConvertedModel {
  if (art.format !== 'graph-model') throw new LvuError('MODEL_INVALID', `expected a TFJS graph model, got ${art.format}`);
  const topo = parseOrThrow(topologySchema, art.modelTopology, 'TFJS graph topology') as { node: TfNode[] };
  const nodes = new Map(topo.node.map((n) => [n.name, n]));
  const ctx = new TfGraphContext(nodes, decodeWeights(art), GRAPH_OPS, graphName, spec.overrides);
  for (const name of Object.keys(spec.overrides ?? {}))
    if (!nodes.has(name)) throw new LvuError('MODEL_INVALID', `override for node ${name}, which the graph does not have`);
  const placeholders = topo.node.filter((n) => n.op === 'Placeholder');
  if (placeholders.length !== 1)
    throw new LvuError('MODEL_UNSUPPORTED', `expected exactly one Placeholder input, found ${placeholders.length}`);
  const input = placeholderSpec(placeholders[0]!, spec);
  ctx.bind(placeholders[0]!.name, [ctx.builder.input(input)]);
  const outputs: ValueSpec[] = [];
  for (const [name, ref] of Object.entries(spec.outputs)) {
    const producer = nodes.get(parseRef(ref).node);
    if (!producer) throw new LvuError('MODEL_INVALID', `requested output ${name} refers to missing tensor ${ref}`);
    const out: ValueSpec = { name, dataType: onnxTypeOf(outputType(producer, parseRef(ref).index), ref), dims: spec.outputDims?.[name] };
    ctx.builder.output(ctx.value(ref), out);
    outputs.push(out);
  }
  return { bytes: ctx.builder.toBytes({ converter: 'lvu tfjs→onnx' }), inputs: [input], outputs };
}
