export { detectScenes, scenesFromBoundaries, candidateBoundaries, keepLongScenes, type ScenesInput, type Boundary } from './scenes';
export { scenesConfig, ScenesConfigSchema, type ScenesConfig, type ScenesConfigInput } from './config';
export { shotSignals, FRAME_APPEARANCE_ENCODER, type ShotSignal } from './signals';
export { edgeLinks, shotSimilarity, type EdgeLink } from './link';
