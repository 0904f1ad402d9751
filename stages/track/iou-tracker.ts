/**
 * Plain IoU tracker, the benchmark baseline (Bochinski, Eiselein & Sikora, "High-Speed
 * Tracking-by-Detection Without Using Image Information", AVSS 2017), streaming form: each
 * live track takes the unclaimed detection of highest IoU ≥ σ_IoU (greedy, best pairs
 * first); a track without one ends at once; every unclaimed detection starts a track. No
 * motion model, no appearance, no memory of lost tracks.
 */
import { z } from 'zod';
import { parseOrThrow } from '../../core/validate';
import { ValidationError } from '../../core/errors';
import { iouMatrix } from './boxes';
import { createIdCounter, type TrackerDetection, type TrackObservation } from './lifecycle';

/** σ_IoU of the IOU tracker paper (0.5 on DETRAC). */
const IOU_THRESHOLD = 0.5;
/** σ_l: detections below are discarded; set to ByteTrack's high threshold so both trackers see the same confident boxes. */
const MIN_SCORE = 0.5;

/** IoU-tracker configuration. */
export const IouTrackerConfigSchema = z
  .object({
    iouThreshold: z.number().min(0).max(1).default(IOU_THRESHOLD),
    minScore: z.number().min(0).max(1).default(MIN_SCORE),
    classAware: z.boolean().default(true),
  })
  .strict();
export type IouTrackerConfigInput = z.input<typeof IouTrackerConfigSchema>;

/** The baseline has the same streaming surface as `createTracker`. */
export interface IouTracker {
  update(frameIndex: number, detections: readonly TrackerDetection[], options?: { shotId?: number }): TrackObservation[];
  cut(): void;
  flush(): TrackObservation[];
}

interface LiveTrack {
  readonly id: number;
  readonly classId: number;
  box: Float64Array;
}

/** Creates a plain IoU tracker with its own id counter. */
export function createIouTracker(config: IouTrackerConfigInput = {}): IouTracker {
  const cfg = Object.freeze(parseOrThrow(IouTrackerConfigSchema, config, 'IoU tracker config'));
  const nextId = createIdCounter();
  let live: LiveTrack[] = [];
  let lastFrame = -1;
  let lastShot: number | undefined;
  const update: IouTracker['update'] = (frameIndex, detections, options = {}) => {
    if (!Number.isInteger(frameIndex) || frameIndex <= lastFrame) {
      throw new ValidationError(`tracker frames must be increasing integers: got ${frameIndex} after ${lastFrame}`);
    }
    if (options.shotId !== undefined && lastShot !== undefined && options.shotId !== lastShot) live = [];
    lastShot = options.shotId ?? lastShot;
    lastFrame = frameIndex;
    const kept = detections.map((_d, i) => i).filter((i) => detections[i]!.score >= cfg.minScore);
    const owner = greedyMatch(live, detections, kept, cfg.iouThreshold, cfg.classAware);
    const next: LiveTrack[] = [];
    const out: TrackObservation[] = [];
    for (const i of kept) {
      const d = detections[i]!;
      const box = Float64Array.from(d.box as ArrayLike<number>);
      const track = owner.get(i) ?? { id: nextId(), classId: d.classId, box };
      track.box = box;
      next.push(track);
      out.push({ trackId: track.id, frameIndex, detectionIndex: i, box, filteredBox: box, score: d.score, classId: d.classId });
    }
    live = next;
    return out.sort((a, b) => a.trackId - b.trackId);
  };
  return { update, cut: () => void (live = []), flush: () => ((live = []), []) };
}

/** Greedy matching: all (track, detection) pairs with IoU ≥ threshold, best first, each used once. */
function greedyMatch(
  live: LiveTrack[],
  dets: readonly TrackerDetection[],
  kept: number[],
  threshold: number,
  classAware: boolean,
): Map<number, LiveTrack> {
  const owner = new Map<number, LiveTrack>();
  if (live.length === 0 || kept.length === 0) return owner;
  const tb = new Float64Array(live.length * 4);
  live.forEach((t, r) => tb.set(t.box, 4 * r));
  const db = new Float64Array(kept.length * 4);
  kept.forEach((i, c) => db.set(dets[i]!.box as ArrayLike<number>, 4 * c));
  const ious = iouMatrix(tb, live.length, db, kept.length);
  const pairs: number[] = [];
  for (let k = 0; k < ious.length; k++) {
    const r = Math.floor(k / kept.length);
    const sameClass = !classAware || live[r]!.classId === dets[kept[k % kept.length]!]!.classId;
    if (ious[k]! >= threshold && sameClass) pairs.push(k);
  }
  pairs.sort((a, b) => ious[b]! - ious[a]! || a - b);
  const trackUsed = new Uint8Array(live.length);
  for (const k of pairs) {
    const r = Math.floor(k / kept.length);
    const di = kept[k % kept.length]!;
    if (trackUsed[r] || owner.has(di)) continue;
    trackUsed[r] = 1;
    owner.set(di, live[r]!);
  }
  return owner;
}
