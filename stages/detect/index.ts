/**
 * Detection stage: people (CenterNet person boxes, MoveNet keypoints attached by IoU) and
 * COCO objects on decoder-fitted frames (no square letterbox: frames.ts), batched, per-chunk tracking cut at shot boundaries,
 * person descriptors for identity, and the fan-in that stitches chunks and links identities.
 */
export {
  detectConfig,
  detectorFps,
  DetectConfigSchema,
  DETECT_TRACKER_DEFAULTS,
  type DetectConfig,
  type DetectConfigInput,
} from './config';
export { DETECT_OUTPUT, detectorInputDims, detectorOutput, letterboxInto, letterboxTransform, toSourceBox, toLetterboxBox } from './frames';
export { detectFrame, detectFrames, attachPoses, PERSON_CLASS, type DetectorFrame, type FrameDetections } from './detect';
export { describePeople, descriptorFrames, cropImage, type PersonDescriptor } from './descriptors';
export {
  createChunkDetector,
  trackChunk,
  packObservations,
  type ChunkDetections,
  type ChunkDetector,
  type StoredDescriptor,
} from './chunk';
export { mergeDetections, chunkObservations, type MergedDetections, type MergeDetectionsInput } from './merge';
export { encodeF32, decodeF32 } from './vectors';
