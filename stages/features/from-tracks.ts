/**
 * The feature bank of an analysed video: the merged tracks (boxes, scores, MoveNet
 * keypoints, identities), the shots, and the descriptors the chunks sampled (MobileNetV2
 * crops, FaceRes faces, whole-frame MobileNetV2), turned into `buildFeatureBank`'s input.
 * Pure: the same merge gives the same bank.
 */
import type { EncoderSpec, FeatureBank, NormBox } from '../../core/contracts/feature-bank';
import type { ShotsFile } from '../../core/contracts/shots';
import type { TracksFile } from '../../core/contracts/tracks';
import { COCO_LABELS } from '../../models/labels';
import { buildFeatureBank, type FrameSample, type InstanceSample, type TrackInput } from './build';

/** Per-instance appearance: MobileNetV2 (nsfwjs 4.4.0 weights) on the box crop, L2-normalised. */
const APPEARANCE_ENCODER: EncoderSpec = Object.freeze({ name: 'mobilenet-v2', version: '1', dim: 1280, dtype: 'F16' });
/** Per-instance face: FaceRes on the aligned face when BlazeFace found one, L2-normalised. */
const FACE_ENCODER: EncoderSpec = Object.freeze({ name: 'faceres', version: '1', dim: 1024, dtype: 'F16' });
/** Per-second frame features: MobileNetV2 on the whole picture, L2-normalised. */
export const FRAME_ENCODER: EncoderSpec = Object.freeze({ name: 'mobilenet-v2-frame', version: '1', dim: 1280, dtype: 'F16' });

/** What the chunks sampled, on final track ids and video seconds. */
export interface SampledFeatures {
  appearance: readonly InstanceSample[];
  face: readonly InstanceSample[];
  frames: readonly FrameSample[];
}

/**
 * Builds the bank of one video: every track point becomes a detection (box normalised by
 * the frame size, keypoints normalised to the frame), shots by time, identity from the
 * identity linking; the pose encoder is derived from the keypoints.
 *
 * @example
 *   const bank = featureBankFromTracks({ videoId: 'talk', shotsFile, tracksFile, samples });
 */
export function featureBankFromTracks(input: {
  videoId: string;
  shotsFile: ShotsFile;
  tracksFile: TracksFile;
  samples: SampledFeatures;
}): FeatureBank {
  const v = input.shotsFile.video;
  const tracks: TrackInput[] = input.tracksFile.tracks.map((t) => ({
    trackId: t.id,
    classId: t.classId,
    identityId: t.identityId,
    detections: t.points.map((p) => ({
      timeSec: p.seconds,
      box: normBox(p.box, v.width, v.height),
      score: p.score,
      ...(p.keypoints && p.keypoints.length === 17
        ? { keypoints: Float32Array.from(p.keypoints.flatMap(([x, y, c]) => [clamp01(x / v.width), clamp01(y / v.height), c])) }
        : {}),
    })),
  }));
  return buildFeatureBank({
    videoId: input.videoId,
    durationSec: v.durationSec,
    tracks,
    shots: input.shotsFile.shots.map((s) => ({ index: s.index, startSec: s.startSec, endSec: s.endSec })),
    encoders: [
      { spec: APPEARANCE_ENCODER, samples: input.samples.appearance },
      { spec: FACE_ENCODER, samples: input.samples.face },
    ],
    frameEncoders: [{ spec: FRAME_ENCODER, samples: input.samples.frames }],
    poseFromKeypoints: true,
    classNames: [...COCO_LABELS],
  });
}

function clamp01(x: number): number {
  return Math.min(1, Math.max(0, x));
}

function normBox(b: readonly number[], width: number, height: number): NormBox {
  const x1 = clamp01(b[0]! / width),
    y1 = clamp01(b[1]! / height);
  return [x1, y1, Math.max(x1, clamp01(b[2]! / width)), Math.max(y1, clamp01(b[3]! / height))];
}
