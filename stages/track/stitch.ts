/**
 * Chunk-seam stitching. Each chunk is tracked on its own, from its decode start (before
 * the frames it owns) to its decode end (after them), so neighbouring chunks both see the
 * overlap frames. A track of chunk k and a track of chunk k+1 are the same track when their
 * boxes agree on the shared frames (mean IoU ≥ threshold; one-to-one by Hungarian). Each
 * chunk then keeps only the frames it owns, so no box is reported twice, and linked
 * tracks get one global id; ids are numbered by first appearance, so the result depends
 * only on the inputs.
 */
import { ValidationError } from '../../core/errors';
import type { Chunk } from '../../core/contracts/video';
import { iou } from './boxes';
import { assignMaxCardinality } from './hungarian';
import type { TrackObservation } from './lifecycle';

/** Two tracks are linked when their boxes on shared overlap frames have mean IoU at least this (MOT's match IoU). */
const MIN_MEAN_IOU = 0.5;
/** …and they share at least this many frames. */
const MIN_SHARED_FRAMES = 1;

/** One chunk's tracker output, with the chunk's owned and decoded frame ranges. */
export interface ChunkTracks {
  readonly chunk: Pick<Chunk, 'index' | 'startFrame' | 'endFrame' | 'decodeStartFrame' | 'decodeEndFrame'>;
  /** Observations with the chunk-local track ids its tracker gave them. */
  readonly observations: readonly TrackObservation[];
}

/** Stitching options. */
export interface StitchOptions {
  readonly minMeanIou?: number;
  readonly minSharedFrames?: number;
}

/** The stitched tracks of the whole video. */
export interface StitchResult {
  /** Observations on owned frames only, with global ids (1-based), sorted by frame then id. */
  readonly observations: TrackObservation[];
  /** Number of seam links made (pairs of chunk-local tracks joined). */
  readonly links: number;
}

type TrackBoxes = Map<number, { classId: number; boxes: Map<number, Float64Array> }>;

/**
 * Links tracks across chunk seams and renumbers them globally.
 *
 * @example
 *   const { observations } = stitchChunkTracks(chunks.map((c, i) => ({ chunk: c, observations: perChunk[i] })));
 */
export function stitchChunkTracks(perChunk: readonly ChunkTracks[], options: StitchOptions = {}): StitchResult {
  const chunks = [...perChunk].sort((a, b) => a.chunk.index - b.chunk.index);
  checkTiling(chunks);
  const parent = new Map<string, string>();
  let links = 0;
  for (let k = 0; k + 1 < chunks.length; k++) {
    for (const [a, b] of linkSeam(chunks[k]!, chunks[k + 1]!, options)) {
      union(parent, key(chunks[k]!, a), key(chunks[k + 1]!, b));
      links++;
    }
  }
  const owned = chunks.flatMap((c) =>
    c.observations
      .filter((o) => o.frameIndex >= c.chunk.startFrame && o.frameIndex < c.chunk.endFrame)
      .map((o) => ({ o, root: find(parent, key(c, o.trackId)), chunk: c.chunk.index })),
  );
  const globalId = numberRoots(owned);
  const observations = owned.map(({ o, root }) => ({ ...o, trackId: globalId.get(root)! }));
  observations.sort((a, b) => a.frameIndex - b.frameIndex || a.trackId - b.trackId);
  return { observations, links };
}

function checkTiling(chunks: readonly ChunkTracks[]): void {
  for (let k = 0; k < chunks.length; k++) {
    const c = chunks[k]!.chunk;
    if (c.decodeStartFrame > c.startFrame || c.decodeEndFrame < c.endFrame) {
      throw new ValidationError(
        `chunk ${c.index}: decoded range [${c.decodeStartFrame}, ${c.decodeEndFrame}) must cover owned [${c.startFrame}, ${c.endFrame})`,
      );
    }
    const prev = chunks[k - 1]?.chunk;
    if (prev && prev.endFrame !== c.startFrame)
      throw new ValidationError(`chunk ${c.index} starts at ${c.startFrame}, not where chunk ${prev.index} ends (${prev.endFrame})`);
  }
}

function key(c: ChunkTracks, trackId: number): string {
  return `${c.chunk.index}:${trackId}`;
}

/** Pairs (track id in a, track id in b) that continue each other across the seam a|b. */
function linkSeam(a: ChunkTracks, b: ChunkTracks, options: StitchOptions): [number, number][] {
  const lo = Math.max(a.chunk.decodeStartFrame, b.chunk.decodeStartFrame);
  const hi = Math.min(a.chunk.decodeEndFrame, b.chunk.decodeEndFrame);
  const ta = boxesIn(a.observations, lo, hi);
  const tb = boxesIn(b.observations, lo, hi);
  const ida = [...ta.keys()].sort((x, y) => x - y);
  const idb = [...tb.keys()].sort((x, y) => x - y);
  if (ida.length === 0 || idb.length === 0) return [];
  const cost = new Float64Array(ida.length * idb.length);
  ida.forEach((i, r) => idb.forEach((j, c) => (cost[r * idb.length + c] = seamCost(ta.get(i)!, tb.get(j)!, options))));
  const { matches } = assignMaxCardinality({ data: cost, rows: ida.length, cols: idb.length });
  const out: [number, number][] = [];
  for (let k = 0; k < matches.length; k += 2) out.push([ida[matches[k]!]!, idb[matches[k + 1]!]!]);
  return out;
}

function boxesIn(observations: readonly TrackObservation[], lo: number, hi: number): TrackBoxes {
  const out: TrackBoxes = new Map();
  for (const o of observations) {
    if (o.frameIndex < lo || o.frameIndex >= hi) continue;
    const t = out.get(o.trackId) ?? { classId: o.classId, boxes: new Map<number, Float64Array>() };
    t.boxes.set(o.frameIndex, o.box);
    out.set(o.trackId, t);
  }
  return out;
}

/** 1 − mean IoU over shared frames; NaN (no edge) when the pair must not link. */
function seamCost(
  a: { classId: number; boxes: Map<number, Float64Array> },
  b: { classId: number; boxes: Map<number, Float64Array> },
  options: StitchOptions,
): number {
  if (a.classId !== b.classId) return Number.NaN;
  let shared = 0;
  let sum = 0;
  for (const [frame, box] of a.boxes) {
    const other = b.boxes.get(frame);
    if (!other) continue;
    shared++;
    sum += iou(box, other);
  }
  if (shared < (options.minSharedFrames ?? MIN_SHARED_FRAMES)) return Number.NaN;
  const mean = sum / shared;
  return mean >= (options.minMeanIou ?? MIN_MEAN_IOU) ? 1 - mean : Number.NaN;
}

function find(parent: Map<string, string>, x: string): string {
  let root = x;
  while (parent.has(root)) root = parent.get(root)!;
  return root;
}

function union(parent: Map<string, string>, a: string, b: string): void {
  const ra = find(parent, a);
  const rb = find(parent, b);
  if (ra !== rb) parent.set(rb, ra);
}

/** Global ids 1, 2, … by (first owned frame, chunk index, local id) of each linked group. */
function numberRoots(owned: { o: TrackObservation; root: string; chunk: number }[]): Map<string, number> {
  const first = new Map<string, [number, number, number]>();
  for (const { o, root, chunk } of owned) {
    const cur = first.get(root);
    const cand: [number, number, number] = [o.frameIndex, chunk, o.trackId];
    if (!cur || cand[0] < cur[0] || (cand[0] === cur[0] && (cand[1] < cur[1] || (cand[1] === cur[1] && cand[2] < cur[2]))))
      first.set(root, cand);
  }
  const roots = [...first.entries()].sort((x, y) => x[1][0] - y[1][0] || x[1][1] - y[1][1] || x[1][2] - y[1][2]);
  return new Map(roots.map(([root], i) => [root, i + 1]));
}
