/**
 * Constrained agglomerative clustering (average linkage) on a precomputed distance
 * matrix: repeatedly joins the two closest clusters while their average distance is below
 * 1 (distances are pre-scaled by their threshold), never joining two clusters that hold a
 * cannot-link pair (e.g. tracks visible at the same time). Lance–Williams updates and
 * per-row nearest partners keep each join about O(n); ties break by index, so the result
 * depends only on the input.
 */

/** A symmetric n×n distance matrix, row-major; Infinity = cannot link. */
export interface DistanceMatrix {
  readonly n: number;
  readonly data: Float64Array;
}

/**
 * Cluster label (0-based, numbered by each cluster's smallest member) of each item. The
 * matrix is left as it was unless `inPlace` (then it is overwritten during the joins).
 *
 * @example
 *   clusterAverageLinkage({ n: 3, data: Float64Array.from([0, .2, 5, .2, 0, 5, 5, 5, 0]) }) // → [0, 0, 1]
 */
export function clusterAverageLinkage(m: DistanceMatrix, options: { inPlace?: boolean } = {}): Int32Array {
  const n = m.n;
  // `inPlace` lets the caller hand the matrix over (it is overwritten): no second n² copy.
  const d = options.inPlace ? m.data : new Float64Array(m.data);
  const size = new Float64Array(n).fill(1);
  const alive = new Uint8Array(n).fill(1);
  const parent = Int32Array.from({ length: n }, (_, i) => i);
  // Each row's nearest alive partner to its right (smallest distance, then smallest index),
  // kept up to date across joins, so finding the closest pair is O(n) instead of O(n²): the
  // same joins in the same order as scanning the whole matrix each time (a 2-hour video has
  // thousands of person tracks).
  const nn = new Int32Array(n);
  const rowMin = (a: number) => {
    let best = Number.POSITIVE_INFINITY;
    let at = -1;
    for (let b = a + 1; b < n; b++) {
      if (!alive[b]) continue;
      const v = d[a * n + b]!;
      if (v < best) {
        best = v;
        at = b;
      }
    }
    nn[a] = at;
  };
  for (let a = 0; a < n; a++) rowMin(a);
  for (;;) {
    let best = 1;
    let a = -1;
    for (let i = 0; i < n; i++) {
      if (!alive[i] || nn[i]! < 0) continue;
      const v = d[i * n + nn[i]!]!;
      if (v < best) {
        best = v;
        a = i;
      }
    }
    if (a < 0) break;
    const b = nn[a]!;
    for (let k = 0; k < n; k++) {
      if (!alive[k] || k === a || k === b) continue;
      const v = (size[a]! * d[a * n + k]! + size[b]! * d[b * n + k]!) / (size[a]! + size[b]!);
      const merged = Number.isFinite(d[a * n + k]!) && Number.isFinite(d[b * n + k]!) ? v : Number.POSITIVE_INFINITY;
      d[a * n + k] = merged;
      d[k * n + a] = merged;
    }
    size[a] = size[a]! + size[b]!;
    alive[b] = 0;
    parent[b] = a;
    rowMin(a);
    // Rows left of a: their distance to a changed, and b is gone.
    for (let k = 0; k < a; k++) {
      if (!alive[k]) continue;
      const cur = nn[k]!;
      if (cur === a || cur === b) rowMin(k);
      else {
        const v = d[k * n + a]!;
        if (cur < 0 ? v < Number.POSITIVE_INFINITY : v < d[k * n + cur]! || (v === d[k * n + cur]! && a < cur)) nn[k] = a;
      }
    }
    // Rows between a and b only lose b.
    for (let k = a + 1; k < b; k++) if (alive[k] && nn[k] === b) rowMin(k);
  }
  return labelsOf(parent);
}

function labelsOf(parent: Int32Array): Int32Array {
  const root = (i: number): number => {
    let r = i;
    while (parent[r] !== r) r = parent[r]!;
    return r;
  };
  const labelOfRoot = new Map<number, number>();
  const out = new Int32Array(parent.length);
  for (let i = 0; i < parent.length; i++) {
    const r = root(i);
    if (!labelOfRoot.has(r)) labelOfRoot.set(r, labelOfRoot.size);
    out[i] = labelOfRoot.get(r)!;
  }
  return out;
}
