/**
 * Configuration of the detection stage (people with pose, COCO objects, per-person
 * descriptors), parsed once at the edge with zod and handed to the stage frozen.
 */
import { z } from 'zod';
import { parseOrThrow } from '../../core/validate';

/**
 * Detector input: the longer side of the frame CenterNet sees (fused into decoding; the
 * other side follows the frame's aspect ratio, padded to a multiple of 32: frames.ts).
 * CenterNet was trained at 512²; since models centernet v2 its graph takes any batch, H and
 * W (test/models/dynamic.test.ts). MoveNet needed ≥ 512 on PETS (recall 0.88 at 512, much
 * lower at 256).
 */
const DETECTOR_INPUT_SIZE = 512;
/**
 * Detector frames per CenterNet call when the config does not say (`defaultDetectBatch`).
 * On the CPU one frame per call: measured (bench/models.ts, 512×384, interleaved in one
 * run) a batch costs more per image, not less: 4 frames 0.92× the speed of single frames
 * with 1 intra-op thread and 0.90× with 2, 8 frames 0.88× (larger activations, same
 * FLOPs; ORT's per-call overhead is well under 1 ms of a 45-ms call). A GPU is where a
 * batch pays (kernel launches and transfers per call), so CUDA gets 4 frames per call
 * (not measured here: no GPU at hand). 4 frames of 512×384 are 9 MB of float input.
 */
const DETECT_BATCH_CPU = 1;
const DETECT_BATCH_GPU = 4;

/** Detector frames per CenterNet call for an execution provider (see DETECT_BATCH_CPU). */
export function defaultDetectBatch(executionProvider: string): number {
  return executionProvider === 'cuda' ? DETECT_BATCH_GPU : DETECT_BATCH_CPU;
}
/**
 * Default detection rate in frames per second of video. Detection dominates the cost
 * (bench/detect.ts: CenterNet alone is many times the decode of the same frames), so cost
 * is linear in this rate. Measured with the tracker on every-frame detections subsampled
 * (MOTA / IDF1 on the detected frames): PETS09-S2L1 (10-fps file) 0.793/0.713 every frame,
 * 0.784/0.657 at 5/s, 0.387/0.448 at 2/s; TUD-Campus (25 fps, 71 frames) 0.721/0.808 every
 * frame, 0.676/0.754 at 12.5/s, 0.467/0.622 at 5/s. Below ~5/s walking people move more
 * than a box width between detections and IoU association breaks down; 5/s is the lowest
 * rate that keeps tracks, and it is 1/5 of the every-frame cost on 25-fps video. Use
 * `every: 1` (`--detect-every 1`) for MOT evaluation.
 */
const DEFAULT_DETECT_FPS = 5;
/**
 * Person boxes below this CenterNet score are dropped. Measured with the tracker on cached
 * every-frame detections: on PETS09-S2L1 0.1/0.2/0.3 give the same MOTA (±0.003); on
 * TUD-Campus 0.3 gives MOTA 0.72 vs 0.66 at 0.1 (fewer false tracks in the crowd).
 */
const PERSON_MIN_SCORE = 0.3;
/** Non-person objects below this CenterNet score are dropped (too many false positives below). */
const OBJECT_MIN_SCORE = 0.3;
/** Default MoveNet input for keypoints: see `poseInputSize`. */
const POSE_INPUT_SIZE = 256;
/** MoveNet pose boxes below this score are not attached to a person. */
export const POSE_MIN_SCORE = 0.2;
/** A pose is attached to the person box it overlaps most, when IoU ≥ this. */
export const POSE_MIN_IOU = 0.3;
/**
 * Tracker thresholds for CenterNet scores: ByteTrack's 0.5/0.6 were tuned for YOLOX; CenterNet
 * person scores run lower (PETS detector-only: precision 0.87 / recall 0.86 at 0.4, recall
 * 0.75 at 0.5). With 0.4/0.5, PETS MOTA 0.77 → 0.80 and IDF1 0.63 → 0.72; TUD MOTA 0.56 → 0.72.
 */
export const DETECT_TRACKER_DEFAULTS = Object.freeze({ highScore: 0.4, newTrackScore: 0.5 });
/** Person descriptors are sampled on a 1-per-second grid of frames (identity across shots needs few). */
const DESCRIPTOR_FPS = 1;
/** …for at most this many people per sampled frame (largest boxes first). */
const DESCRIPTOR_MAX_PEOPLE = 8;
/**
 * Other objects described per sampled frame (largest first) for the feature bank's
 * appearance rows; each costs one MobileNetV2 crop pass (~the cost of a person descriptor
 * without the face models).
 */
const DESCRIPTOR_MAX_OBJECTS = 8;
/** Objects with a side shorter than this (detector px) get no descriptor. */
export const DESCRIPTOR_MIN_OBJECT_SIDE = 16;
/** People smaller than this (px height in the detector frame) get no descriptor: too few pixels. */
export const DESCRIPTOR_MIN_HEIGHT = 24;

/** Detection-stage configuration; see the named constants for where each default comes from. */
export const DetectConfigSchema = z
  .object({
    /** Detect on every Nth decoded frame (1 = every frame, for MOT evaluation). Overrides `fps`. */
    every: z.number().int().positive().optional(),
    /** Detections per second of video (ignored when `every` is set). */
    fps: z.number().positive().default(DEFAULT_DETECT_FPS),
    inputSize: z.number().int().min(128).multipleOf(32).default(DETECTOR_INPUT_SIZE),
    /**
     * Detector frames per CenterNet call (same detections either way); default
     * `defaultDetectBatch` of the models' execution provider (1 on the CPU, 4 on CUDA).
     */
    batch: z.number().int().min(1).max(32).optional(),
    /** Where person boxes come from: CenterNet class 0 (default, better recall) or MoveNet MultiPose. */
    people: z.enum(['centernet', 'movenet']).default('centernet'),
    /** Attach MoveNet keypoints to person boxes. */
    pose: z.boolean().default(true),
    /**
     * MoveNet input side for pose (multiple of 32): 256 costs ~0.8× a CenterNet pass, 512
     * ~2.4× (PETS, 1 thread); keypoints only attach to people MoveNet also finds.
     */
    poseInputSize: z.number().int().min(128).multipleOf(32).default(POSE_INPUT_SIZE),
    /** Keep non-person COCO objects. */
    objects: z.boolean().default(true),
    personMinScore: z.number().min(0).max(1).default(PERSON_MIN_SCORE),
    objectMinScore: z.number().min(0).max(1).default(OBJECT_MIN_SCORE),
    /** Per-person descriptors (face or appearance) for identity across shots. */
    descriptors: z.boolean().default(true),
    descriptorFps: z.number().positive().default(DESCRIPTOR_FPS),
    descriptorMaxPeople: z.number().int().nonnegative().default(DESCRIPTOR_MAX_PEOPLE),
    /**
     * Feature-bank features on the descriptor grid: MobileNetV2 appearance of other objects
     * (up to descriptorMaxObjects) and of the whole frame. Off: people descriptors only.
     */
    bankFeatures: z.boolean().default(true),
    descriptorMaxObjects: z.number().int().nonnegative().default(DESCRIPTOR_MAX_OBJECTS),
  })
  .strict();
export type DetectConfig = z.output<typeof DetectConfigSchema>;
export type DetectConfigInput = z.input<typeof DetectConfigSchema>;

/** Parses and freezes a detection config (throws a ValidationError naming the bad field). */
export function detectConfig(input: DetectConfigInput = {}): Readonly<DetectConfig> {
  return Object.freeze(parseOrThrow(DetectConfigSchema, input, 'detect config'));
}

/**
 * The decoder rate for detector frames: undefined (every frame) when `every` is 1 or the
 * rate reaches the source fps; otherwise frames per second.
 */
export function detectorFps(cfg: DetectConfig, sourceFps: number): number | undefined {
  const fps = cfg.every !== undefined ? sourceFps / cfg.every : cfg.fps;
  return fps >= sourceFps ? undefined : fps;
}
