/**
 * Shot-transition detection over tiny frames (SHOT_FRAME_SPEC, 64×36 rgb24).
 *
 * Method: every frame becomes 16×9 cell means and a 64-bin colour histogram. For each span
 * (a, b) of 1 … maxGradualSec frames the detector asks: did the picture change a lot from a
 * to b, far more than within the few frames before a and after b (cells and histogram), along
 * a straight path (no wandering motion), without coming back (flash), and do the frames inside
 * fit a dissolve/fade blend or a wipe mask? One-frame spans are cuts. Overlapping candidates
 * compete (the best wins), gradual spans are trimmed by progress, and a fade-out and a
 * fade-in meeting on black or white become one fade. All statistics are windowed, so a
 * decision depends on `contextFrames` of history and `lookBehindFrames` of future only.
 */
export { SHOT_FRAME_SPEC, ShotDetectorConfigSchema, type ShotDetectorConfig, type ShotDetectorConfigInput } from './config';
export { createShotDetector, type ShotDetector } from './detector';
export { shotsFromTransitions, mergeChunkTransitions, type ChunkTransitions } from './shots';
export type { Transition, Shot, TransitionType } from '../../core/contracts/shots';
