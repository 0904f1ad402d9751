/**
 * Tracking stage: a ByteTrack-style tracker (Kalman motion model, two-pass association,
 * lifecycle), the plain IoU-tracker baseline, chunk-seam stitching, and MOT metrics.
 */
export { createTracker, TrackerConfigSchema, type Tracker, type TrackerConfig, type TrackerConfigInput } from './tracker';
export { createIouTracker, IouTrackerConfigSchema, type IouTracker, type IouTrackerConfigInput } from './iou-tracker';
export { TrackState, type TrackerDetection, type TrackObservation } from './lifecycle';
export { stitchChunkTracks, type ChunkTracks, type StitchOptions, type StitchResult } from './stitch';
export { assembleTracks, type AssembleContext } from './assemble';
export { splitTracksAtShots, shotIndexOf } from './shots';
export { interpolateGaps, type InterpolateOptions } from './interpolate';
export { evaluateMot, type MotEvalOptions, type MotMetrics } from './mot-metrics';
export {
  formatMot,
  observationsToSequence,
  parseMot,
  toSequence,
  MotRowSchema,
  type MotFrame,
  type MotRow,
  type MotSequence,
} from './mot-format';
export { solveAssignment, assignWithLimit, assignMaxCardinality, type AssignmentResult, type CostMatrix } from './hungarian';
export { iou, iouMatrix } from './boxes';
