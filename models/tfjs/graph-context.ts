/**
 * State of one TFJS graph-model conversion: the TF nodes by name, the dequantised weights,
 * the ONNX builder, and the memo from TF tensor references (`node`, `node:1`) to ONNX value
 * names. Op mappers (ops-*.ts) ask it for their inputs; producing nodes are converted on
 * demand, so only what the requested outputs need ends up in the ONNX graph.
 */
import { LvuError } from '../../core/errors';
import { GraphBuilder } from '../onnx/builder';
import { OnnxDataType, type OnnxDataTypeCode } from '../onnx/schema';
import type { WeightTensor } from './artifacts';

/** One node of a TFJS graph model's `modelTopology.node`. */
export interface TfNode {
  name: string;
  op: string;
  input?: string[];
  attr?: Record<string, TfAttr>;
}

/** A TF AttrValue as TFJS writes it to JSON (strings base64, ints as strings). */
export interface TfAttr {
  i?: string | number;
  f?: number;
  b?: boolean;
  s?: string;
  type?: string;
  list?: { i?: (string | number)[]; f?: number[]; s?: string[]; type?: string[] };
  shape?: { dim?: { size?: string | number }[]; unknownRank?: boolean };
  tensor?: unknown;
}

/** Maps a TF op to ONNX nodes; returns the ONNX names of the TF node's outputs, in order. */
export type OpMapper = (ctx: TfGraphContext, node: TfNode) => string[];

/** TF DataType names → ONNX element types. */
export function onnxTypeOf(tfType: string | undefined, where: string): OnnxDataTypeCode {
  switch (tfType) {
    case 'DT_FLOAT':
      return OnnxDataType.FLOAT;
    case 'DT_INT32':
      return OnnxDataType.INT32;
    case 'DT_INT64':
      return OnnxDataType.INT64;
    case 'DT_BOOL':
      return OnnxDataType.BOOL;
    case 'DT_UINT8':
      return OnnxDataType.UINT8;
    default:
      throw new LvuError('MODEL_UNSUPPORTED', `unsupported TF dtype ${tfType ?? '(none)'} at ${where}`);
  }
}

/** Integer attribute (TFJS stores int64 as strings). */
export function attrInt(node: TfNode, key: string, fallback?: number): number {
  const a = node.attr?.[key];
  if (a?.i !== undefined) return Number(a.i);
  if (fallback !== undefined) return fallback;
  throw new LvuError('MODEL_UNSUPPORTED', `node ${node.name} (${node.op}) lacks attribute ${key}`);
}

/** Integer-list attribute. */
export function attrInts(node: TfNode, key: string, fallback: number[] = []): number[] {
  const l = node.attr?.[key]?.list?.i;
  return l ? l.map(Number) : fallback;
}

/** String attribute (base64-decoded). */
export function attrStr(node: TfNode, key: string, fallback = ''): string {
  const s = node.attr?.[key]?.s;
  return s === undefined ? fallback : Buffer.from(s, 'base64').toString('utf8');
}

/** String-list attribute (base64-decoded), e.g. `fused_ops`. */
export function attrStrs(node: TfNode, key: string): string[] {
  return (node.attr?.[key]?.list?.s ?? []).map((s) => Buffer.from(s, 'base64').toString('utf8'));
}

/** Boolean attribute. */
export function attrBool(node: TfNode, key: string, fallback = false): boolean {
  return node.attr?.[key]?.b ?? fallback;
}

/** Float attribute. */
export function attrFloat(node: TfNode, key: string, fallback: number): number {
  return node.attr?.[key]?.f ?? fallback;
}

/** DataType attribute (`T`, `DstT`, …). */
export function attrType(node: TfNode, key: string): string | undefined {
  return node.attr?.[key]?.type;
}

/** Splits a TF tensor reference `name:k` into node name and output index. */
export function parseRef(ref: string): { node: string; index: number } {
  const m = /^(.*):(\d+)$/.exec(ref);
  return m ? { node: m[1]!, index: Number(m[2]) } : { node: ref, index: 0 };
}

/** The conversion state; see the module comment. */
export class TfGraphContext {
  readonly builder: GraphBuilder;
  private readonly memo = new Map<string, string[]>();
  private readonly active = new Set<string>();

  constructor(
    readonly nodes: ReadonlyMap<string, TfNode>,
    readonly weights: ReadonlyMap<string, WeightTensor>,
    readonly mappers: Readonly<Record<string, OpMapper>>,
    graphName: string,
    /** Per-node replacements by TF node name (Const nodes included), checked before `mappers`. */
    readonly overrides: Readonly<Record<string, OpMapper>> = {},
  ) {
    this.builder = new GraphBuilder(graphName);
  }

  /** Pre-binds a TF node's outputs to ONNX values (used for graph inputs). */
  bind(nodeName: string, values: string[]): void {
    this.memo.set(nodeName, values);
  }

  /** The ONNX value name of a TF tensor reference, converting its producer if needed. */
  value(ref: string): string {
    const { node, index } = parseRef(ref);
    const outs = this.memo.get(node) ?? this.convert(node);
    const v = outs[index];
    if (v === undefined) throw new LvuError('MODEL_INVALID', `tensor ${ref} does not exist (node has ${outs.length} outputs)`);
    return v;
  }

  /** The constant behind a TF reference, or undefined when it is computed at run time. */
  constant(ref: string): WeightTensor | undefined {
    const node = this.nodes.get(parseRef(ref).node);
    if (node?.op !== 'Const') return undefined;
    return this.weights.get(node.name);
  }

  /** The constant behind `ref`, or a clear error naming the node that needed it. */
  requireConst(ref: string, user: TfNode, role: string): WeightTensor {
    const c = this.constant(ref);
    if (!c) throw new LvuError('MODEL_UNSUPPORTED', `node ${user.name} (${user.op}): ${role} must be a constant, got ${ref}`);
    return c;
  }

  /** An int64 version of an integer tensor: a fresh initializer for constants, else a Cast. */
  int64(ref: string): string {
    const c = this.constant(ref);
    if (c && c.dtype === 'int32') return this.builder.int64([...c.data], c.shape);
    return this.builder.one('Cast', [this.value(ref)], { to: { i: OnnxDataType.INT64 } });
  }

  /** The non-control inputs of a node. */
  inputsOf(node: TfNode): string[] {
    return (node.input ?? []).filter((i) => !i.startsWith('^'));
  }

  private convert(name: string): string[] {
    const node = this.nodes.get(name);
    if (!node) throw new LvuError('MODEL_INVALID', `graph refers to missing node ${name}`);
    if (this.active.has(name)) throw new LvuError('MODEL_INVALID', `graph has a cycle through ${name}`);
    this.active.add(name);
    const override = this.overrides[name];
    const outs = override ? override(this, node) : node.op === 'Const' ? [this.materialise(node)] : this.mapNode(node);
    this.active.delete(name);
    this.memo.set(name, outs);
    return outs;
  }

  private mapNode(node: TfNode): string[] {
    const mapper = this.mappers[node.op];
    if (!mapper)
      throw new LvuError('MODEL_UNSUPPORTED_OP', `unsupported TF op ${node.op} in node ${node.name}`, {
        details: { op: node.op, node: node.name },
      });
    return mapper(this, node);
  }

  private materialise(node: TfNode): string {
    const w = this.weights.get(node.name);
    if (!w) throw new LvuError('MODEL_INVALID', `Const node ${node.name} has no weight in the manifest`);
    const type = w.dtype === 'float32' ? OnnxDataType.FLOAT : w.dtype === 'int32' ? OnnxDataType.INT32 : OnnxDataType.BOOL;
    return this.builder.initializer(node.name, type, w.shape, w.data);
  }
}
