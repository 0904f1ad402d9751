/**
 * Turns tracker observations (after seam stitching and optional gap interpolation) into
 * the `tracks.json` records of `core/contracts/tracks.ts`: one Track per id, its points in
 * frame order with seconds, box, score and keypoints, and the shots it lies in.
 */
import type { Keypoint, Track } from '../../core/contracts/tracks';
import type { TrackObservation } from './lifecycle';

/** What assembling needs to know about the video and the detections. */
export interface AssembleContext {
  /** Seconds of a 0-based decoded frame index (from the decoder's pts, not a bare frame/fps where VFR). */
  readonly secondsOf: (frameIndex: number) => number;
  /** Shot index of a frame (from shots.json). */
  readonly shotOf: (frameIndex: number) => number;
  /** Label of a class id (e.g. COCO names). */
  readonly classNameOf: (classId: number) => string;
  /** Keypoints of the detection an observation came from, if any (detectionIndex ≥ 0). */
  readonly keypointsOf?: (frameIndex: number, detectionIndex: number) => Keypoint[] | undefined;
  /** Write the Kalman-filtered box instead of the detection's own. */
  readonly useFiltered?: boolean;
}

/**
 * Groups observations into tracks sorted by id; `identityId` is null (identity linking
 * fills it later).
 *
 * @example
 *   const tracks = assembleTracks(observations, { secondsOf: (f) => f / fps, shotOf, classNameOf: (c) => COCO[c] });
 */
export function assembleTracks(observations: readonly TrackObservation[], ctx: AssembleContext): Track[] {
  const byId = new Map<number, TrackObservation[]>();
  for (const o of observations) {
    const list = byId.get(o.trackId);
    if (list) list.push(o);
    else byId.set(o.trackId, [o]);
  }
  return [...byId.entries()].sort((a, b) => a[0] - b[0]).map(([id, list]) => toTrack(id, list, ctx));
}

function toTrack(id: number, list: TrackObservation[], ctx: AssembleContext): Track {
  list.sort((a, b) => a.frameIndex - b.frameIndex);
  const shotIds = [...new Set(list.map((o) => ctx.shotOf(o.frameIndex)))].sort((a, b) => a - b);
  const points = list.map((o) => {
    const b = ctx.useFiltered ? o.filteredBox : o.box;
    const keypoints = o.detectionIndex >= 0 ? ctx.keypointsOf?.(o.frameIndex, o.detectionIndex) : undefined;
    return {
      frame: o.frameIndex,
      seconds: ctx.secondsOf(o.frameIndex),
      box: [b[0]!, b[1]!, b[2]!, b[3]!] as [number, number, number, number],
      score: o.score,
      ...(keypoints ? { keypoints } : {}),
    };
  });
  return { id, classId: list[0]!.classId, className: ctx.classNameOf(list[0]!.classId), identityId: null, shotIds, points };
}
