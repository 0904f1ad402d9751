/**
 * WebAssembly SIMD kernels for the shot detector's small models (temporal-model.ts,
 * pixel-model.ts), written out here as bytes: no toolchain, no file to load.
 *
 * Each kernel does in `f64x2` lanes exactly the float64 operations of the typed-array loop it
 * replaces, in the same order — every running sum keeps its own lane, a product is rounded
 * before it is added (WebAssembly has no fused multiply-add) — so its results are bit-identical
 * to that loop's (test/shots/simd.test.ts checks it), only faster (the temporal model's forward:
 * ~3.5× on this machine). Where WebAssembly SIMD is missing, `simdKernels()` returns undefined and
 * the models keep their loops.
 */

/** A module's kernels over one linear memory (float64 data, addressed in bytes, 8-byte aligned). */
export interface SimdKernels {
  /** The module's linear memory (fixed size: `simdKernels` sizes it). */
  readonly memory: { readonly buffer: ArrayBuffer };
  /**
   * y[o] = b[o] + ((s0 + s1) + (s2 + s3)) for o < m, with s_j = Σ x[i]·w[o·n + i] over i ≡ j
   * (mod 4), summed in order of i; y[o] = 0 where `relu` and y[o] < 0. n must be a multiple of 4.
   */
  dense(w: number, x: number, b: number, y: number, n: number, m: number, relu: 0 | 1): void;
  /**
   * out[o·P + p] = max(b[o] + Σ_k w[o·K + k]·cols[k·P + p], 0), summed in order of k, for the
   * whole 4×4 blocks of o < O4, p < P4 (multiples of 4; the caller does the edges).
   */
  gemmRelu4(w: number, b: number, cols: number, out: number, O4: number, K: number, P: number, P4: number): void;
}

const uleb = (n: number): number[] => {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return out;
};
const sleb = (n: number): number[] => {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && !(b & 0x40)) || (n === -1 && b & 0x40)) return [...out, b];
    out.push(b | 0x80);
  }
};
const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];
const name = (s: string): number[] => vec([...s].map((c) => [c.charCodeAt(0)]));

const [I32, F64, V128] = [0x7f, 0x7c, 0x7b];
const get = (i: number) => [0x20, ...uleb(i)];
const set = (i: number) => [0x21, ...uleb(i)];
const tee = (i: number) => [0x22, ...uleb(i)];
const i32 = (v: number) => [0x41, ...sleb(v)];
const [ADD, MUL, SHL, GE_U, AND] = [[0x6a], [0x6c], [0x74], [0x4f], [0x71]];
const F64_ZERO = [0x44, 0, 0, 0, 0, 0, 0, 0, 0];
const [F64_ADD, F64_LT, SELECT] = [[0xa0], [0x63], [0x1b]];
const f64Load = [0x2b, 3, 0];
const f64Store = [0x39, 3, 0];
const simd = (op: number, ...imm: number[]) => [0xfd, ...uleb(op), ...imm];
const v128Load = (offset: number) => simd(0x00, 3, ...uleb(offset));
const v128Store = (offset: number) => simd(0x0b, 3, ...uleb(offset));
const [SPLAT, X2_ADD, X2_MUL, X2_MAX] = [simd(0x14), simd(0xf0), simd(0xf2), simd(0xf5)];
const lane = (l: number) => simd(0x21, l);
const BLOCK = [0x02, 0x40];
const LOOP = [0x03, 0x40];
const END = [0x0b];
const brIf = (depth: number) => [0x0d, ...uleb(depth)];
const br = (depth: number) => [0x0c, ...uleb(depth)];
/** `for (; a < b; ) { body }` with a, b locals: block + loop, leaving when a ≥ b. */
const whileLess = (a: number, b: number, body: number[]) => [
  ...BLOCK,
  ...LOOP,
  ...get(a),
  ...get(b),
  ...GE_U,
  ...brIf(1),
  ...body,
  ...br(0),
  ...END,
  ...END,
];
const addTo = (local: number, v: number) => [...get(local), ...i32(v), ...ADD, ...set(local)];
/** local = base + index·8 (a float64's byte address). */
const at8 = (base: number, index: number[]) => [...get(base), ...index, ...i32(3), ...SHL, ...ADD];
/** acc = acc + a·b, lane by lane (`a`, `b`: code that pushes a v128 each). */
const madd = (acc: number, a: number[], b: number[]) => [...get(acc), ...a, ...b, ...X2_MUL, ...X2_ADD, ...set(acc)];
/** Pushes lane 0 + lane 1 of a local. */
const laneSum = (acc: number) => [...get(acc), ...lane(0), ...get(acc), ...lane(1), ...F64_ADD];
/** Stores max(acc, 0), lane by lane, at the byte address in local `dst` + offset. */
const storeRelu = (dst: number, acc: number, offset: number) => [
  ...get(dst),
  ...get(acc),
  ...F64_ZERO,
  ...SPLAT,
  ...X2_MAX,
  ...v128Store(offset),
];

function denseBody(): number[] {
  // params: 0 w, 1 x, 2 b, 3 y, 4 n, 5 m, 6 relu; locals: 7 o, 8 i, 9 row, 10 xi (i32), 11 acc01, 12 acc23 (v128), 13 sum (f64)
  const [w, x, b, y, n, m, relu, o, i, row, xi, acc01, acc23, sum] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13];
  const code = [
    ...i32(0),
    ...set(o),
    ...whileLess(o, m, [
      ...at8(w, [...get(o), ...get(n), ...MUL]),
      ...set(row),
      ...get(x),
      ...set(xi),
      ...F64_ZERO,
      ...SPLAT,
      ...tee(acc01),
      ...set(acc23),
      ...i32(0),
      ...set(i),
      ...whileLess(i, n, [
        ...madd(acc01, [...get(row), ...v128Load(0)], [...get(xi), ...v128Load(0)]),
        ...madd(acc23, [...get(row), ...v128Load(16)], [...get(xi), ...v128Load(16)]),
        ...addTo(row, 32),
        ...addTo(xi, 32),
        ...addTo(i, 4),
      ]),
      // sum = b[o] + ((s0 + s1) + (s2 + s3))
      ...at8(b, get(o)),
      ...f64Load,
      ...laneSum(acc01),
      ...laneSum(acc23),
      ...F64_ADD,
      ...F64_ADD,
      ...set(sum),
      // y[o] = relu && sum < 0 ? 0 : sum
      ...at8(y, get(o)),
      ...F64_ZERO,
      ...get(sum),
      ...get(relu),
      ...get(sum),
      ...F64_ZERO,
      ...F64_LT,
      ...AND,
      ...SELECT,
      ...f64Store,
      ...addTo(o, 1),
    ]),
    ...END,
  ];
  return [
    ...vec([
      [4, I32],
      [2, V128],
      [1, F64],
    ]),
    ...code,
  ];
}

function gemmBody(): number[] {
  // params: 0 w, 1 b, 2 cols, 3 out, 4 O4, 5 K, 6 P, 7 P4
  // locals: 8 o, 9 p, 10 k, 11 wr (i32: &w[o·K + k]), 12 xr (i32: &cols[k·P + p]), 13 stride (K·8), 14 pstride (P·8), 15 dst (i32)
  //         16..23 acc (v128: row r, columns 0–1 and 2–3), 24 x01, 25 x23 (v128)
  const [w, b, cols, out, O4, K, , P4] = [0, 1, 2, 3, 4, 5, 6, 7];
  const [o, p, k, wr, xr, stride, pstride, dst] = [8, 9, 10, 11, 12, 13, 14, 15];
  const acc = (r: number, half: number) => 16 + 2 * r + half;
  const [x01, x23] = [24, 25];
  const rows = [0, 1, 2, 3];
  const code = [
    ...get(K),
    ...i32(3),
    ...SHL,
    ...set(stride),
    ...get(6),
    ...i32(3),
    ...SHL,
    ...set(pstride),
    ...i32(0),
    ...set(o),
    ...whileLess(o, O4, [
      ...i32(0),
      ...set(p),
      ...whileLess(p, P4, [
        // every running sum starts at its row's bias
        ...rows.flatMap((r) => [...at8(b, [...get(o), ...i32(r), ...ADD]), ...f64Load, ...SPLAT, ...tee(acc(r, 0)), ...set(acc(r, 1))]),
        ...at8(w, [...get(o), ...get(K), ...MUL]),
        ...set(wr),
        ...at8(cols, get(p)),
        ...set(xr),
        ...i32(0),
        ...set(k),
        ...whileLess(k, K, [
          ...get(xr),
          ...v128Load(0),
          ...set(x01),
          ...get(xr),
          ...v128Load(16),
          ...set(x23),
          ...rows.flatMap((r) => {
            // w[(o + r)·K + k], splat: its products with x0…x3 go to four lanes of two sums
            const wv = [...get(wr), ...(r ? [...get(stride), ...i32(r), ...MUL, ...ADD] : []), ...f64Load, ...SPLAT];
            return [...madd(acc(r, 0), wv, get(x01)), ...madd(acc(r, 1), wv, get(x23))];
          }),
          ...addTo(wr, 8),
          ...get(xr),
          ...get(pstride),
          ...ADD,
          ...set(xr),
          ...addTo(k, 1),
        ]),
        // out[(o + r)·P + p …] = max(sum, 0)
        ...at8(out, [...get(o), ...get(6), ...MUL, ...get(p), ...ADD]),
        ...set(dst),
        ...rows.flatMap((r) => [
          ...storeRelu(dst, acc(r, 0), 0),
          ...storeRelu(dst, acc(r, 1), 16),
          ...get(dst),
          ...get(pstride),
          ...ADD,
          ...set(dst),
        ]),
        ...addTo(p, 4),
      ]),
      ...addTo(o, 4),
    ]),
    ...END,
  ];
  return [
    ...vec([
      [8, I32],
      [10, V128],
    ]),
    ...code,
  ];
}

function moduleBytes(pages: number): Uint8Array {
  const fns = [denseBody(), gemmBody()];
  return new Uint8Array([
    0x00,
    0x61,
    0x73,
    0x6d,
    1,
    0,
    0,
    0,
    ...section(
      1,
      vec([
        [0x60, ...vec(Array.from({ length: 7 }, () => [I32])), 0],
        [0x60, ...vec(Array.from({ length: 8 }, () => [I32])), 0],
      ]),
    ),
    ...section(3, vec([[0], [1]])),
    ...section(5, vec([[0x00, ...uleb(pages)]])),
    ...section(
      7,
      vec([
        [...name('memory'), 0x02, 0],
        [...name('dense'), 0x00, 0],
        [...name('gemmRelu4'), 0x00, 1],
      ]),
    ),
    ...section(10, vec(fns.map((f) => [...uleb(f.length), ...f]))),
  ]);
}

/** The part of the WebAssembly API used here (the project's TypeScript libs leave it out). */
interface WasmApi {
  validate(code: Uint8Array): boolean;
  Module: new (code: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
}

/** Kernels over a fresh memory of at least `bytes`; undefined where WebAssembly SIMD is not available. */
export function simdKernels(bytes: number): SimdKernels | undefined {
  const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
  const code = moduleBytes(Math.max(1, Math.ceil(bytes / 65536)));
  if (!wasm?.validate(code)) return undefined;
  const exports = new wasm.Instance(new wasm.Module(code), {}).exports as SimdKernels;
  return { memory: exports.memory, dense: exports.dense, gemmRelu4: exports.gemmRelu4 };
}
