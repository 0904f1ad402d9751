/**
 * A small ONNX graph builder: nodes, initializers, inputs and outputs, serialised with
 * protobufjs against our copy of ONNX's schema. Converters (TFJS graph and layers models)
 * emit into one builder; `toBytes` gives a deterministic model file (same graph → same
 * bytes), which keeps `models build` idempotent and sha256-checkable.
 */
import { AttributeType, OnnxDataType, modelProtoType, type OnnxDataTypeCode } from './schema';

/** Opset and IR version every lvu-converted model targets (ORT ≥ 1.13 runs both). */
export const ONNX_OPSET = 17;
const ONNX_IR_VERSION = 8;

/** An attribute value: ints and floats are told apart explicitly because JS has one number type. */
export type Attr = { i: number } | { f: number } | { s: string } | { ints: readonly number[] } | { floats: readonly number[] };

/** Typed-array payload of an initializer; its type must agree with the ONNX data type. */
export type TensorPayload = Float32Array | Int32Array | BigInt64Array | Uint8Array;

/** A graph input or output: name, element type and dims (a string dim is symbolic). */
export interface ValueSpec {
  name: string;
  dataType: OnnxDataTypeCode;
  /** Dims (a string or negative dim is symbolic); undefined leaves the shape unknown. */
  dims?: readonly (number | string)[];
}

interface NodeRecord {
  op_type: string;
  name: string;
  input: string[];
  output: string[];
  attribute: object[];
}

function encodeAttr(name: string, a: Attr): object {
  if ('i' in a) return { name, type: AttributeType.INT, i: a.i };
  if ('f' in a) return { name, type: AttributeType.FLOAT, f: a.f };
  if ('s' in a) return { name, type: AttributeType.STRING, s: Buffer.from(a.s, 'utf8') };
  if ('ints' in a) return { name, type: AttributeType.INTS, ints: [...a.ints] };
  return { name, type: AttributeType.FLOATS, floats: [...a.floats] };
}

function valueInfo(v: ValueSpec): object {
  if (!v.dims) return { name: v.name, type: { tensor_type: { elem_type: v.dataType } } };
  const dim = v.dims.map((d, k) => (typeof d === 'number' ? (d >= 0 ? { dim_value: d } : { dim_param: `d${k}` }) : { dim_param: d }));
  return { name: v.name, type: { tensor_type: { elem_type: v.dataType, shape: { dim } } } };
}

/** Builds one ONNX graph. Names are made unique with `fresh`; constants are deduplicated. */
export class GraphBuilder {
  private readonly nodes: NodeRecord[] = [];
  private readonly initializers: object[] = [];
  private readonly inputs: ValueSpec[] = [];
  private readonly outputs: ValueSpec[] = [];
  private readonly used = new Set<string>();
  private readonly constCache = new Map<string, string>();

  constructor(readonly graphName: string) {}

  /** A value name not used before, derived from `base`. */
  fresh(base: string): string {
    let name = base;
    for (let k = 1; this.used.has(name); k++) name = `${base}__${k}`;
    this.used.add(name);
    return name;
  }

  /** Adds a node and returns its output names (`outputs` names them or counts them). */
  add(
    op: string,
    inputs: readonly string[],
    attrs: Record<string, Attr> = {},
    outputs: number | readonly string[] = 1,
    hint = op,
  ): string[] {
    const outNames =
      typeof outputs === 'number'
        ? Array.from({ length: outputs }, (_, k) => this.fresh(`${hint}:${k}`))
        : outputs.map((o) => this.claim(o));
    const attribute = Object.keys(attrs)
      .sort()
      .map((k) => encodeAttr(k, attrs[k]!));
    this.nodes.push({ op_type: op, name: this.fresh(`node/${hint}`), input: [...inputs], output: outNames, attribute });
    return outNames;
  }

  /** Adds a single-output node and returns that output's name. */
  one(op: string, inputs: readonly string[], attrs: Record<string, Attr> = {}, hint = op): string {
    return this.add(op, inputs, attrs, 1, hint)[0]!;
  }

  /** Registers an initializer (a constant tensor) and returns its name. */
  initializer(base: string, dataType: OnnxDataTypeCode, dims: readonly number[], data: TensorPayload): string {
    const name = this.fresh(base);
    const raw = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    this.initializers.push({ name, data_type: dataType, dims: [...dims], raw_data: Buffer.from(raw) });
    return name;
  }

  /** A small int64 constant (axes, shapes, pads), shared between all users of the same values. */
  int64(values: readonly number[], dims: readonly number[] = [values.length]): string {
    return this.cachedConst(`i64:${dims.join('x')}:${values.join(',')}`, () =>
      this.initializer('const_i64', OnnxDataType.INT64, dims, BigInt64Array.from(values.map((v) => BigInt(v)))),
    );
  }

  /** A small float32 constant, deduplicated like `int64`. */
  float32(values: readonly number[], dims: readonly number[] = [values.length]): string {
    return this.cachedConst(`f32:${dims.join('x')}:${values.join(',')}`, () =>
      this.initializer('const_f32', OnnxDataType.FLOAT, dims, Float32Array.from(values)),
    );
  }

  /** A small int32 constant, deduplicated like `int64`. */
  int32(values: readonly number[], dims: readonly number[] = [values.length]): string {
    return this.cachedConst(`i32:${dims.join('x')}:${values.join(',')}`, () =>
      this.initializer('const_i32', OnnxDataType.INT32, dims, Int32Array.from(values)),
    );
  }

  /** Declares a graph input. */
  input(spec: ValueSpec): string {
    this.inputs.push(spec);
    return this.claim(spec.name);
  }

  /** Declares a graph output named `spec.name`, fed from the value `from` through an Identity. */
  output(from: string, spec: ValueSpec): void {
    this.add('Identity', [from], {}, [spec.name], `out/${spec.name}`);
    this.outputs.push(spec);
  }

  /** Serialises the model; `metadata` lands in ModelProto.metadata_props (sorted keys). */
  toBytes(metadata: Record<string, string> = {}): Uint8Array {
    const type = modelProtoType();
    const model = {
      ir_version: ONNX_IR_VERSION,
      opset_import: [{ domain: '', version: ONNX_OPSET }],
      producer_name: 'lvu',
      producer_version: '1',
      graph: {
        name: this.graphName,
        node: this.nodes,
        initializer: this.initializers,
        input: this.inputs.map(valueInfo),
        output: this.outputs.map(valueInfo),
      },
      metadata_props: Object.keys(metadata)
        .sort()
        .map((key) => ({ key, value: metadata[key]! })),
    };
    return type.encode(type.fromObject(model)).finish();
  }

  private claim(name: string): string {
    this.used.add(name);
    return name;
  }

  private cachedConst(key: string, make: () => string): string {
    const hit = this.constCache.get(key);
    if (hit) return hit;
    const name = make();
    this.constCache.set(key, name);
    return name;
  }
}
