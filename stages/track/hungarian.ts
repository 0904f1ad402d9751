/**
 * Rectangular linear assignment (Kuhn–Munkres / Hungarian method with potentials and
 * shortest augmenting paths, O(n²·m) for n ≤ m). Costs are a row-major Float64Array; the
 * result maps each row to its column, or -1 when the row is left unassigned (only possible
 * when there are more rows than columns). Used by association (tracker), seam stitching
 * and the MOT metrics.
 */

/** Row-major cost matrix with explicit shape. */
export interface CostMatrix {
  readonly data: Float64Array;
  readonly rows: number;
  readonly cols: number;
}

/** Result of a gated assignment: matched (row, col) pairs and what was left over. */
export interface AssignmentResult {
  /** Matched pairs as [row0, col0, row1, col1, ...], ascending by row. */
  readonly matches: Int32Array;
  readonly unmatchedRows: Int32Array;
  readonly unmatchedCols: Int32Array;
}

/**
 * Solves min Σ cost[r, rowToCol[r]] over assignments that use min(rows, cols) pairs.
 * Every cost must be finite (gate invalid pairs before calling, see `assignWithLimit`).
 *
 * @example
 *   solveAssignment({ data: Float64Array.of(4, 1, 3, 2, 0, 5), rows: 2, cols: 3 }) // → Int32Array [1, 0]
 */
export function solveAssignment(m: CostMatrix): Int32Array {
  const { data, rows, cols } = m;
  if (data.length !== rows * cols) throw new RangeError(`cost matrix has ${data.length} entries, expected ${rows}×${cols}`);
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i]!)) throw new RangeError(`cost matrix entry ${i} is not finite (${data[i]})`);
  }
  if (rows === 0 || cols === 0) return new Int32Array(rows).fill(-1);
  if (rows <= cols) return solveWide(data, rows, cols);
  const colToRow = solveWide(transpose(data, rows, cols), cols, rows);
  const rowToCol = new Int32Array(rows).fill(-1);
  for (let c = 0; c < cols; c++) rowToCol[colToRow[c]!] = c;
  return rowToCol;
}

function transpose(data: Float64Array, rows: number, cols: number): Float64Array {
  const t = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) t[c * rows + r] = data[r * cols + c]!;
  return t;
}

/**
 * The e-maxx formulation: rows are added one at a time; each addition grows a shortest
 * augmenting path tree with Dijkstra-like steps over reduced costs. Arrays are 1-based
 * with index 0 as the virtual column that holds the row being inserted.
 */
function solveWide(a: Float64Array, n: number, m: number): Int32Array {
  const u = new Float64Array(n + 1);
  const v = new Float64Array(m + 1);
  const colRow = new Int32Array(m + 1); // colRow[j] = row (1-based) assigned to column j, 0 = none
  const way = new Int32Array(m + 1);
  const minv = new Float64Array(m + 1);
  const used = new Uint8Array(m + 1);
  for (let i = 1; i <= n; i++) {
    colRow[0] = i;
    let j0 = 0;
    minv.fill(Infinity);
    used.fill(0);
    do {
      used[j0] = 1;
      const i0 = colRow[j0]!;
      let delta = Infinity;
      let j1 = 0;
      const rowBase = (i0 - 1) * m - 1;
      for (let j = 1; j <= m; j++) {
        if (used[j]) continue;
        const cur = a[rowBase + j]! - u[i0]! - v[j]!;
        if (cur < minv[j]!) {
          minv[j] = cur;
          way[j] = j0;
        }
        if (minv[j]! < delta) {
          delta = minv[j]!;
          j1 = j;
        }
      }
      for (let j = 0; j <= m; j++) {
        if (used[j]) {
          const r = colRow[j]!;
          u[r] = u[r]! + delta;
          v[j] = v[j]! - delta;
        } else {
          minv[j] = minv[j]! - delta;
        }
      }
      j0 = j1;
    } while (colRow[j0] !== 0);
    augment(colRow, way, j0);
  }
  const rowToCol = new Int32Array(n).fill(-1);
  for (let j = 1; j <= m; j++) if (colRow[j]! > 0) rowToCol[colRow[j]! - 1] = j - 1;
  return rowToCol;
}

/** Flips the alternating path that ends at free column `j0` back to the virtual column 0. */
function augment(colRow: Int32Array, way: Int32Array, j0: number): void {
  let j = j0;
  do {
    const prev = way[j]!;
    colRow[j] = colRow[prev]!;
    j = prev;
  } while (j !== 0);
}

/**
 * Assignment with a cost limit, as `lap.lapjv(cost, extend_cost=True, cost_limit=limit)`
 * in ByteTrack/SORT: a pair is only matched when its cost is below `limit`, and among those
 * the total of (cost − limit) is minimised, so leaving a row and a column unmatched is
 * preferred over pairing them above the limit. Non-finite costs count as "no edge".
 */
export function assignWithLimit(m: CostMatrix, limit: number): AssignmentResult {
  const { data, rows, cols } = m;
  const shifted = new Float64Array(data.length);
  for (let i = 0; i < data.length; i++) {
    const c = data[i]!;
    shifted[i] = Number.isFinite(c) && c < limit ? c - limit : 0;
  }
  const rowToCol = solveAssignment({ data: shifted, rows, cols });
  return collect(rowToCol, cols, (r, c) => shifted[r * cols + c]! < 0);
}

/**
 * Assignment that first maximises the number of valid pairs, then minimises their total
 * cost, as py-motmetrics does (invalid = non-finite cost, replaced by a constant larger
 * than any possible gain). Used by the CLEAR-MOT per-frame matching.
 */
export function assignMaxCardinality(m: CostMatrix): AssignmentResult {
  const { data, rows, cols } = m;
  let maxAbs = 0;
  for (let i = 0; i < data.length; i++) if (Number.isFinite(data[i]!)) maxAbs = Math.max(maxAbs, Math.abs(data[i]!));
  const large = 2 * Math.min(rows, cols) * (maxAbs + 1) + 1;
  const filled = new Float64Array(data.length);
  for (let i = 0; i < data.length; i++) filled[i] = Number.isFinite(data[i]!) ? data[i]! : large;
  const rowToCol = solveAssignment({ data: filled, rows, cols });
  return collect(rowToCol, cols, (r, c) => Number.isFinite(data[r * cols + c]!));
}

function collect(rowToCol: Int32Array, cols: number, valid: (r: number, c: number) => boolean): AssignmentResult {
  const matches: number[] = [];
  const unmatchedRows: number[] = [];
  const colUsed = new Uint8Array(cols);
  for (let r = 0; r < rowToCol.length; r++) {
    const c = rowToCol[r]!;
    if (c >= 0 && valid(r, c)) {
      matches.push(r, c);
      colUsed[c] = 1;
    } else {
      unmatchedRows.push(r);
    }
  }
  const unmatchedCols: number[] = [];
  for (let c = 0; c < cols; c++) if (!colUsed[c]) unmatchedCols.push(c);
  return {
    matches: Int32Array.from(matches),
    unmatchedRows: Int32Array.from(unmatchedRows),
    unmatchedCols: Int32Array.from(unmatchedCols),
  };
}
