import { ValidationError } from '../../core/errors';
import { channelsOf, type Frame } from '../video/frame';

/** Cell grid the detector compares frames on (16:9, 4×4 pixels at 64×36). */
export const CELL_COLS = 16;
export const CELL_ROWS = 9;
/** Values per frame in `cells`: CELL_COLS × CELL_ROWS × RGB. */
const CELL_VALUES = CELL_COLS * CELL_ROWS * 3;
/** Colour histogram: 4 levels per RGB channel. */
const HIST_BINS = 64;
/** Values per frame in `structure`: one per cell. */
const STRUCTURE_VALUES = CELL_COLS * CELL_ROWS;

/**
 * What the detector keeps of one frame: cell means (RGB, row-major, 0..255), a normalised
 * 64-bin colour histogram, and luma statistics for fade detection.
 */
export interface FrameFeatures {
  index: number;
  sec: number;
  cells: Float32Array;
  hist: Float32Array;
  meanLuma: number;
  lumaStd: number;
  /**
   * Cell luma with the frame's cell mean removed and divided by the cells' spread: the
   * picture's layout, independent of brightness, contrast and colour (dark shots keep it).
   */
  structure: Float32Array;
}

/** Which cell each pixel column and row falls into, for one frame size. */
export interface CellMap {
  width: number;
  height: number;
  cellOfColumn: Int32Array;
  cellOfRow: Int32Array;
  /** First pixel column of each cell column, then `width` (CELL_COLS + 1 entries): cells are runs of columns. */
  columnStarts: Int32Array;
  pixelsPerCell: Float32Array;
  /** Scratch sums reused frame after frame (one map per detector, so no sharing). */
  scratchSums: Float64Array;
  scratchCounts: Int32Array;
  /** Storage the next frames' features are cut from (FEATURE_SLAB_FRAMES at a time). */
  slab: Float32Array;
  slabUsed: number;
}

/** Values per frame in a slab: cells, histogram, structure. */
const FEATURE_VALUES = CELL_VALUES + HIST_BINS + STRUCTURE_VALUES;
/** Added to the cells' luma spread before dividing: a flat (blank) frame stays near 0, not noise blown up. */
const STRUCTURE_SPREAD_FLOOR = 2;
/** Frames' features allocated together: one allocation per 64 frames instead of one per frame. */
const FEATURE_SLAB_FRAMES = 64;

/** Builds the pixel → cell lookup for a frame size (any size ≥ the grid), with scratch space. */
export function buildCellMap(width: number, height: number): CellMap {
  const cellOfColumn = new Int32Array(width);
  const cellOfRow = new Int32Array(height);
  for (let x = 0; x < width; x++) cellOfColumn[x] = Math.floor((x * CELL_COLS) / width);
  for (let y = 0; y < height; y++) cellOfRow[y] = Math.floor((y * CELL_ROWS) / height);
  const columnStarts = new Int32Array(CELL_COLS + 1).fill(width);
  for (let x = width - 1; x >= 0; x--) columnStarts[cellOfColumn[x]!] = x;
  const pixelsPerCell = new Float32Array(CELL_COLS * CELL_ROWS);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) pixelsPerCell[cellOfRow[y]! * CELL_COLS + cellOfColumn[x]!]! += 1;
  }
  return {
    width,
    height,
    cellOfColumn,
    cellOfRow,
    columnStarts,
    pixelsPerCell,
    scratchSums: new Float64Array(CELL_VALUES),
    scratchCounts: new Int32Array(HIST_BINS),
    slab: new Float32Array(0),
    slabUsed: 0,
  };
}

/**
 * Computes a frame's features in one pass over its bytes (gray frames count as R = G = B).
 * Pure typed-array maths; `map` must match the frame size.
 */
export function extractFeatures(frame: Frame, map: CellMap): FrameFeatures {
  const sums = map.scratchSums.fill(0);
  const counts = map.scratchCounts.fill(0);
  const luma = frame.format === 'gray' ? accumulateGray(frame, map, sums, counts) : accumulateRgb(frame, map, sums, counts);
  const pixels = frame.width * frame.height;
  const store = nextFeatureStore(map);
  const cells = store.subarray(0, CELL_VALUES);
  for (let i = 0; i < CELL_VALUES; i++) cells[i] = sums[i]! / (map.pixelsPerCell[(i / 3) | 0]! || 1);
  const hist = store.subarray(CELL_VALUES, CELL_VALUES + HIST_BINS);
  for (let i = 0; i < HIST_BINS; i++) hist[i] = counts[i]! / pixels;
  const meanLuma = luma.sum / pixels;
  const lumaStd = Math.sqrt(Math.max(0, luma.squares / pixels - meanLuma * meanLuma));
  const structure = fillStructure(cells, store.subarray(CELL_VALUES + HIST_BINS));
  return { index: frame.index, sec: frame.sec, cells, hist, meanLuma, lumaStd, structure };
}

/** Normalised cell luma (see FrameFeatures.structure), written into `out`. */
function fillStructure(cells: Float32Array, out: Float32Array): Float32Array {
  let sum = 0;
  for (let i = 0; i < STRUCTURE_VALUES; i++) {
    const y = 0.299 * cells[3 * i]! + 0.587 * cells[3 * i + 1]! + 0.114 * cells[3 * i + 2]!;
    out[i] = y;
    sum += y;
  }
  const mean = sum / STRUCTURE_VALUES;
  let squares = 0;
  for (let i = 0; i < STRUCTURE_VALUES; i++) squares += (out[i]! - mean) ** 2;
  const scale = 1 / (Math.sqrt(squares / STRUCTURE_VALUES) + STRUCTURE_SPREAD_FLOOR);
  for (let i = 0; i < STRUCTURE_VALUES; i++) out[i] = (out[i]! - mean) * scale;
  return out;
}

/** Cuts one frame's features from the slab (a fresh slab when full; old ones live on in their frames). */
function nextFeatureStore(map: CellMap): Float32Array {
  if (map.slabUsed + FEATURE_VALUES > map.slab.length) {
    map.slab = new Float32Array(FEATURE_VALUES * FEATURE_SLAB_FRAMES);
    map.slabUsed = 0;
  }
  const store = map.slab.subarray(map.slabUsed, map.slabUsed + FEATURE_VALUES);
  map.slabUsed += FEATURE_VALUES;
  return store;
}

/**
 * One pass over rgb24 pixels: cell sums, histogram counts, luma sum and sum of squares.
 * Each row is walked cell by cell (a cell is a run of columns), summing in locals: integer
 * sums, so the result is exactly that of a pixel-by-pixel accumulation.
 */
function accumulateRgb(frame: Frame, map: CellMap, sums: Float64Array, counts: Int32Array): { sum: number; squares: number } {
  const { width, height, data } = frame;
  const { cellOfRow, columnStarts } = map;
  let sum = 0;
  let squares = 0;
  for (let y = 0; y < height; y++) {
    const rowCell = cellOfRow[y]! * CELL_COLS;
    let p = y * width * 3;
    for (let cx = 0; cx < CELL_COLS; cx++) {
      const end = p + (columnStarts[cx + 1]! - columnStarts[cx]!) * 3;
      let sr = 0;
      let sg = 0;
      let sb = 0;
      for (; p < end; p += 3) {
        const r = data[p]!;
        const g = data[p + 1]!;
        const b = data[p + 2]!;
        sr += r;
        sg += g;
        sb += b;
        counts[((r >> 6) << 4) | ((g >> 6) << 2) | (b >> 6)]! += 1;
        // BT.601 luma with integer weights (÷256): stays in small integers in the hot loop.
        const y8 = (77 * r + 150 * g + 29 * b) >> 8;
        sum += y8;
        squares += y8 * y8;
      }
      const c = (rowCell + cx) * 3;
      sums[c]! += sr;
      sums[c + 1]! += sg;
      sums[c + 2]! += sb;
    }
  }
  return { sum, squares };
}

/** The same for gray pixels (R = G = B). */
function accumulateGray(frame: Frame, map: CellMap, sums: Float64Array, counts: Int32Array): { sum: number; squares: number } {
  const { width, height, data } = frame;
  const { cellOfRow, columnStarts } = map;
  let sum = 0;
  let squares = 0;
  for (let y = 0; y < height; y++) {
    const rowCell = cellOfRow[y]! * CELL_COLS;
    let p = y * width;
    for (let cx = 0; cx < CELL_COLS; cx++) {
      const end = p + columnStarts[cx + 1]! - columnStarts[cx]!;
      let sv = 0;
      for (; p < end; p++) {
        const v = data[p]!;
        sv += v;
        counts[((v >> 6) << 4) | ((v >> 6) << 2) | (v >> 6)]! += 1;
        const y8 = (256 * v) >> 8;
        sum += y8;
        squares += y8 * y8;
      }
      const c = (rowCell + cx) * 3;
      sums[c]! += sv;
      sums[c + 1]! += sv;
      sums[c + 2]! += sv;
    }
  }
  return { sum, squares };
}

/** Mean absolute difference of two frames' cells (0..255). */
export function cellDistance(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs(a[i]! - b[i]!);
  return sum / a.length;
}

/** Share of the cell values whose change `cellPeakDistance` averages: the largest 5 %. */
const PEAK_SHARE = 0.05;

/**
 * Mean of the largest 5 % absolute cell differences of two frames (0..255): a local change
 * (a person appearing in a jump cut between two dark takes of a static camera) scores high
 * even when the mean (cellDistance) is tiny, while a codec's global refresh of a static shot
 * stays low. `scratch` must hold a.length values.
 */
export function cellPeakDistance(a: Float32Array, b: Float32Array, scratch: Float32Array): number {
  const n = a.length;
  for (let i = 0; i < n; i++) scratch[i] = Math.abs(a[i]! - b[i]!);
  const count = Math.max(1, Math.round(n * PEAK_SHARE));
  // Only the largest `count` need sorting (summed in ascending order, as a full sort would):
  // a selection first, then a sort of those few (the detector ~10 % less CPU than with a sort of all 432).
  selectNth(scratch, n, n - count);
  const top = scratch.subarray(n - count, n).sort();
  let sum = 0;
  for (let i = 0; i < count; i++) sum += top[i]!;
  return sum / count;
}

/**
 * Reorders a[0..n) so that a[m] holds the value a full ascending sort would put there, with
 * nothing larger before it and nothing smaller after it (Hoare's selection, median-of-three
 * pivots). Values must not be NaN.
 */
export function selectNth(a: Float32Array, n: number, m: number): void {
  let lo = 0;
  let hi = n - 1;
  while (hi > lo) {
    const x = a[lo]!;
    const y = a[(lo + hi) >> 1]!;
    const z = a[hi]!;
    const pivot = Math.max(Math.min(x, y), Math.min(Math.max(x, y), z));
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i] = a[j]!;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (m <= j) hi = j;
    else if (m >= i) lo = i;
    else return;
  }
}

/** Half the L1 distance of two normalised histograms (0 = same colours, 1 = disjoint). */
export function histDistance(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs(a[i]! - b[i]!);
  return sum / 2;
}

/** Mean absolute difference of two frames' structure maps (about 0..2). */
export function structureDistance(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs(a[i]! - b[i]!);
  return sum / a.length;
}

/**
 * Motion-compensated structure distance: the smallest mean absolute difference over shifts
 * of up to `shifts` cells (4 px each at 64×36, default `reach`) in each direction, on the
 * inner cells that shifts of `reach` cover. Camera shake and pans move the picture; a cut replaces it.
 */
export function shiftedStructureDistance(a: Float32Array, b: Float32Array, reach = 1, shifts = reach): number {
  let best = Infinity;
  for (let dy = -shifts; dy <= shifts; dy++) {
    for (let dx = -shifts; dx <= shifts; dx++) {
      let sum = 0;
      for (let y = reach; y < CELL_ROWS - reach; y++) {
        const rowA = y * CELL_COLS;
        const rowB = (y + dy) * CELL_COLS + dx;
        for (let x = reach; x < CELL_COLS - reach; x++) {
          const d = a[rowA + x]! - b[rowB + x]!;
          sum += d < 0 ? -d : d;
        }
      }
      if (sum < best) best = sum;
    }
  }
  return best / ((CELL_COLS - 2 * reach) * (CELL_ROWS - 2 * reach));
}

/**
 * The cell map for a detector's next frame: checks the frame's byte count and size (at least
 * the cell grid, the same as the stream's earlier frames) and builds the map on the first frame.
 */
export function checkedCellMap(frame: Frame, current: CellMap | undefined): CellMap {
  const expected = frame.width * frame.height * channelsOf(frame.format);
  if (frame.data.length !== expected) {
    throw new ValidationError(
      `shot detector: frame ${frame.index} has ${frame.data.length} bytes, expected ${expected} for ${frame.width}×${frame.height} ${frame.format}`,
    );
  }
  if (frame.width < CELL_COLS || frame.height < CELL_ROWS) {
    throw new ValidationError(`shot detector: frames must be at least ${CELL_COLS}×${CELL_ROWS}, got ${frame.width}×${frame.height}`);
  }
  if (current && (current.width !== frame.width || current.height !== frame.height)) {
    throw new ValidationError(`shot detector: frame size changed to ${frame.width}×${frame.height} at frame ${frame.index}`);
  }
  return current ?? buildCellMap(frame.width, frame.height);
}
