/**
 * Gap filling, as ByteTrack's `tools/interpolation.py` (linear interpolation of boxes
 * between two observations of the same track, for gaps of at most 20 frames): a person
 * missed by the detector for a few frames but re-found by the tracker keeps a box on
 * those frames. A pure post-processing step over finished tracks (after seam stitching);
 * filled observations carry `detectionIndex` −1.
 */
import type { TrackObservation } from './lifecycle';

/** ByteTrack interpolation's `n_dti`: the longest gap (in frames) that is filled. */
const MAX_GAP_FRAMES = 20;

/** Interpolation options. */
export interface InterpolateOptions {
  /** Longest run of missing frames to fill (default 20, ByteTrack). */
  readonly maxGapFrames?: number;
}

/**
 * Returns the observations plus linearly interpolated ones for every gap of at most
 * `maxGapFrames` frames inside a track, sorted by frame then track id. Scores of filled
 * observations are the lower of the two ends.
 *
 * @example
 *   const filled = interpolateGaps(stitchChunkTracks(chunks).observations, { maxGapFrames: 2 * fps });
 */
export function interpolateGaps(observations: readonly TrackObservation[], options: InterpolateOptions = {}): TrackObservation[] {
  const maxGap = options.maxGapFrames ?? MAX_GAP_FRAMES;
  const byTrack = new Map<number, TrackObservation[]>();
  for (const o of observations) {
    const list = byTrack.get(o.trackId);
    if (list) list.push(o);
    else byTrack.set(o.trackId, [o]);
  }
  const out: TrackObservation[] = [...observations];
  for (const list of byTrack.values()) {
    list.sort((a, b) => a.frameIndex - b.frameIndex);
    for (let k = 1; k < list.length; k++) {
      const a = list[k - 1]!;
      const b = list[k]!;
      const missing = b.frameIndex - a.frameIndex - 1;
      if (missing >= 1 && missing <= maxGap) out.push(...fill(a, b));
    }
  }
  return out.sort((x, y) => x.frameIndex - y.frameIndex || x.trackId - y.trackId);
}

function fill(a: TrackObservation, b: TrackObservation): TrackObservation[] {
  const out: TrackObservation[] = [];
  const span = b.frameIndex - a.frameIndex;
  for (let f = a.frameIndex + 1; f < b.frameIndex; f++) {
    const t = (f - a.frameIndex) / span;
    out.push({
      trackId: a.trackId,
      frameIndex: f,
      detectionIndex: -1,
      classId: a.classId,
      score: Math.min(a.score, b.score),
      box: lerp(a.box, b.box, t),
      filteredBox: lerp(a.filteredBox, b.filteredBox, t),
    });
  }
  return out;
}

function lerp(a: Float64Array, b: Float64Array, t: number): Float64Array {
  const out = new Float64Array(4);
  for (let i = 0; i < 4; i++) out[i] = a[i]! + (b[i]! - a[i]!) * t;
  return out;
}
