/**
 * The pose encoder derived from MoveNet keypoints: 17 × (x, y, confidence) with x and y
 * normalised to the person's box (0..1 inside the box), so the feature describes the body
 * configuration independent of where the person stands or how large they appear.
 */
import type { EncoderSpec, NormBox } from '../../core/contracts/feature-bank';

/** MoveNet's 17 COCO keypoints. */
const POSE_KEYPOINTS = 17;

/** Encoder spec of the box-normalised pose feature (51-d). */
export const POSE_ENCODER: EncoderSpec = Object.freeze({ name: 'movenet-pose', version: '1', dim: POSE_KEYPOINTS * 3, dtype: 'F32' });

/**
 * Normalises 17 × (x, y, conf) frame-normalised keypoints to the box: x' = (x − x1)/(x2 − x1),
 * y' = (y − y1)/(y2 − y1), conf unchanged. A degenerate box (zero width or height) maps
 * that axis to 0.5.
 */
export function poseFeature(keypoints: Float32Array, box: Readonly<NormBox>): Float32Array {
  if (keypoints.length !== POSE_KEYPOINTS * 3)
    throw new RangeError(`expected ${POSE_KEYPOINTS * 3} keypoint values, got ${keypoints.length}`);
  const [x1, y1, x2, y2] = box;
  const w = x2 - x1;
  const h = y2 - y1;
  const out = new Float32Array(POSE_KEYPOINTS * 3);
  for (let k = 0; k < POSE_KEYPOINTS; k++) {
    out[3 * k] = w > 0 ? (keypoints[3 * k]! - x1) / w : 0.5;
    out[3 * k + 1] = h > 0 ? (keypoints[3 * k + 1]! - y1) / h : 0.5;
    out[3 * k + 2] = keypoints[3 * k + 2]!;
  }
  return out;
}
