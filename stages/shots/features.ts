import type { Frame } from '../video/frame';

/** Cell grid the detector compares frames on (16:9, 4×4 pixels at 64×36). */
export const CELL_COLS = 16;
export const CELL_ROWS = 9;
/** Values per frame in `cells`: CELL_COLS × CELL_ROWS × RGB. */
export const CELL_VALUES = CELL_COLS * CELL_ROWS * 3;
/** Colour histogram: 4 levels per RGB channel. */
export const HIST_BINS = 64;

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
}

/** Which cell each pixel column and row falls into, for one frame size. */
export interface CellMap {
  width: number;
  height: number;
  cellOfColumn: Int32Array;
  cellOfRow: Int32Array;
  pixelsPerCell: Float32Array;
  /** Scratch sums reused frame after frame (one map per detector, so no sharing). */
  scratchSums: Float64Array;
  scratchCounts: Int32Array;
}

/** Builds the pixel → cell lookup for a frame size (any size ≥ the grid), with scratch space. */
export function buildCellMap(width: number, height: number): CellMap {
  const cellOfColumn = new Int32Array(width);
  const cellOfRow = new Int32Array(height);
  for (let x = 0; x < width; x++) cellOfColumn[x] = Math.floor((x * CELL_COLS) / width);
  for (let y = 0; y < height; y++) cellOfRow[y] = Math.floor((y * CELL_ROWS) / height);
  const pixelsPerCell = new Float32Array(CELL_COLS * CELL_ROWS);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) pixelsPerCell[cellOfRow[y]! * CELL_COLS + cellOfColumn[x]!]! += 1;
  }
  return { width, height, cellOfColumn, cellOfRow, pixelsPerCell, scratchSums: new Float64Array(CELL_VALUES), scratchCounts: new Int32Array(HIST_BINS) };
}

/**
 * Computes a frame's features in one pass over its bytes (gray frames count as R = G = B).
 * Pure typed-array maths; `map` must match the frame size.
 */
export function extractFeatures(frame: Frame, map: CellMap): FrameFeatures {
  const sums = map.scratchSums.fill(0);
  const counts = map.scratchCounts.fill(0);
  const luma = accumulate(frame, map, sums, counts);
  const pixels = frame.width * frame.height;
  const cells = new Float32Array(CELL_VALUES);
  for (let i = 0; i < CELL_VALUES; i++) cells[i] = sums[i]! / (map.pixelsPerCell[(i / 3) | 0]! || 1);
  const hist = new Float32Array(HIST_BINS);
  for (let i = 0; i < HIST_BINS; i++) hist[i] = counts[i]! / pixels;
  const meanLuma = luma.sum / pixels;
  const lumaStd = Math.sqrt(Math.max(0, luma.squares / pixels - meanLuma * meanLuma));
  return { index: frame.index, sec: frame.sec, cells, hist, meanLuma, lumaStd };
}

/** One pass over the pixels: cell sums, histogram counts, luma sum and sum of squares. */
function accumulate(frame: Frame, map: CellMap, sums: Float64Array, counts: Int32Array): { sum: number; squares: number } {
  const { width, height, data } = frame;
  const step = frame.format === 'gray' ? 1 : 3;
  const g = step === 3 ? 1 : 0;
  const bo = step === 3 ? 2 : 0;
  const cellOfColumn = map.cellOfColumn;
  const cellOfRow = map.cellOfRow;
  let sum = 0;
  let squares = 0;
  let p = 0;
  for (let y = 0; y < height; y++) {
    const rowBase = cellOfRow[y]! * CELL_COLS;
    for (let x = 0; x < width; x++, p += step) {
      const r = data[p]!;
      const gr = data[p + g]!;
      const b = data[p + bo]!;
      const c = (rowBase + cellOfColumn[x]!) * 3;
      sums[c]! += r;
      sums[c + 1]! += gr;
      sums[c + 2]! += b;
      counts[((r >> 6) << 4) | ((gr >> 6) << 2) | (b >> 6)]! += 1;
      // BT.601 luma with integer weights (÷256): stays in small integers in the hot loop.
      const y8 = (77 * r + 150 * gr + 29 * b) >> 8;
      sum += y8;
      squares += y8 * y8;
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

/** Half the L1 distance of two normalised histograms (0 = same colours, 1 = disjoint). */
export function histDistance(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs(a[i]! - b[i]!);
  return sum / 2;
}
