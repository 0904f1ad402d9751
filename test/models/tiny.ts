/**
 * Tiny TFJS graph models built in memory, to test the converter's op mappings one at a
 * time against TFJS itself (the traps: floor division, SAME padding, strided-slice masks,
 * TopK ties, resize coordinate modes, depthwise multipliers).
 */
import type { TfjsArtifacts, TfjsWeightSpec } from '../../models/tfjs/artifacts';
import type { TfNode } from '../../models/tfjs/graph-context';
import type { ModelManifest } from '../../models';

/** A constant of a tiny graph. */
export interface TinyConst {
  name: string;
  dtype: 'float32' | 'int32';
  shape: number[];
  values: number[];
}

/** Builds graph-model artifacts with one Placeholder `x` and the given nodes and constants. */
export function tinyGraph(input: { dtype: 'DT_FLOAT' | 'DT_INT32'; shape: number[] }, nodes: TfNode[], consts: TinyConst[]): TfjsArtifacts {
  const placeholder: TfNode = {
    name: 'x',
    op: 'Placeholder',
    attr: { dtype: { type: input.dtype }, shape: { shape: { dim: input.shape.map((size) => ({ size: String(size) })) } } },
  };
  const constNodes: TfNode[] = consts.map((c) => ({
    name: c.name,
    op: 'Const',
    attr: { dtype: { type: c.dtype === 'int32' ? 'DT_INT32' : 'DT_FLOAT' } },
  }));
  const weightSpecs: TfjsWeightSpec[] = consts.map((c) => ({ name: c.name, shape: c.shape, dtype: c.dtype }));
  const parts = consts.map((c) => new Uint8Array((c.dtype === 'int32' ? Int32Array.from(c.values) : Float32Array.from(c.values)).buffer));
  const weightData = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    weightData.set(p, at);
    at += p.byteLength;
  }
  return {
    format: 'graph-model',
    modelTopology: { node: [placeholder, ...constNodes, ...nodes], versions: { producer: 808 } },
    weightSpecs,
    weightData,
    signature: undefined,
    files: [],
  };
}

/** A base64 TF string attribute. */
export function s(value: string): { s: string } {
  return { s: Buffer.from(value).toString('base64') };
}

/** A minimal valid manifest for a converted tiny model. */
export function tinyManifest(
  name: string,
  input: { name: string; dtype: 'float32' | 'int32'; shape: (number | string)[] },
  outputs: string[],
): ModelManifest {
  return {
    schemaVersion: 1,
    name,
    version: '0',
    role: 'custom',
    description: 'test model',
    file: `${name}.onnx`,
    sha256: '0'.repeat(64),
    source: { package: 'test', packageVersion: '0', format: 'tfjs-graph', origin: 'test', files: [] },
    licence: { code: 'test', weights: 'test' },
    inputs: [{ ...input, layout: 'other', colorOrder: 'none', resize: 'none' }],
    outputs: outputs.map((o) => ({ name: o, dtype: 'float32', meaning: o })),
  };
}
