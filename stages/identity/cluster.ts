/**
 * Constrained agglomerative clustering (average linkage) on a precomputed distance
 * matrix: repeatedly joins the two closest clusters while their average distance is below
 * 1 (distances are pre-scaled by their threshold), never joining two clusters that hold a
 * cannot-link pair (e.g. tracks visible at the same time). Lance–Williams updates keep
 * each join O(n); ties break by index, so the result depends only on the input.
 */

/** A symmetric n×n distance matrix, row-major; Infinity = cannot link. */
export interface DistanceMatrix {
  readonly n: number;
  readonly data: Float64Array;
}

/**
 * Cluster label (0-based, numbered by each cluster's smallest member) of each item.
 *
 * @example
 *   clusterAverageLinkage({ n: 3, data: Float64Array.from([0, .2, 5, .2, 0, 5, 5, 5, 0]) }) // → [0, 0, 1]
 */
export function clusterAverageLinkage(m: DistanceMatrix): Int32Array {
  const n = m.n;
  const d = new Float64Array(m.data);
  const size = new Float64Array(n).fill(1);
  const alive = new Uint8Array(n).fill(1);
  const parent = Int32Array.from({ length: n }, (_, i) => i);
  for (;;) {
    const [a, b] = closestPair(d, n, alive);
    if (a < 0) break;
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
  }
  return labelsOf(parent);
}

/** The alive pair (a < b) with the smallest distance below 1, or [-1, -1]. */
function closestPair(d: Float64Array, n: number, alive: Uint8Array): [number, number] {
  let best = 1;
  let pa = -1;
  let pb = -1;
  for (let a = 0; a < n; a++) {
    if (!alive[a]) continue;
    for (let b = a + 1; b < n; b++) {
      if (!alive[b]) continue;
      const v = d[a * n + b]!;
      if (v < best) {
        best = v;
        pa = a;
        pb = b;
      }
    }
  }
  return [pa, pb];
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
