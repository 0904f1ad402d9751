/**
 * Shot-transition detection: a streaming detector over tiny frames (cuts, dissolves, fades,
 * wipes; flashes and fast motion suppressed), shots between transitions, and the join of
 * per-chunk results. See README-level notes in `detector.ts` and `config.ts`.
 */
export { SHOT_FRAME_SPEC, ShotDetectorConfigSchema, type ShotDetectorConfig, type ShotDetectorConfigInput } from './config';
export { createShotDetector, type ShotDetector } from './detector';
export { shotsFromTransitions, mergeChunkTransitions, type ChunkTransitions } from './shots';
export type { Transition, Shot, TransitionType } from '../../core/contracts/shots';
