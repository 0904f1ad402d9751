/**
 * Detection on detector frames (fitted by the decoder, see `frames.ts`): people from CenterNet's
 * person class (or MoveNet MultiPose), MoveNet keypoints attached to person boxes by IoU,
 * and the other COCO objects from the same CenterNet pass. Boxes and keypoints come back in
 * source pixels, rounded to 1/100 px so results are compact and stable in JSON.
 */
import type { Detection, Keypoint } from '../../core/contracts/tracks';
import type { DetectedObject, FitTransform, Person, RgbImage, VisionModels } from '../../models';
import { iou } from '../track/boxes';
import { POSE_MIN_IOU, POSE_MIN_SCORE, type DetectConfig } from './config';
import { toSourceBox } from './frames';

/** COCO class id of a person. */
export const PERSON_CLASS = 0;

/** Detections of one frame, with the frame's index and seconds. */
export interface FrameDetections {
  frame: number;
  seconds: number;
  detections: Detection[];
}

/** What the detector reads: a letterboxed rgb24 frame, its index and seconds. */
export interface DetectorFrame {
  index: number;
  sec: number;
  image: RgbImage;
}

/**
 * Runs the configured models on one detector frame. People come first (best score
 * first), then objects; `t` maps detector pixels back to source pixels.
 *
 * @example
 *   const t = letterboxTransform(probe.width, probe.height, cfg.inputSize);
 *   const { detections } = await detectFrame(vision, { index, sec, image }, t, cfg);
 */
export async function detectFrame(
  vision: VisionModels,
  frame: DetectorFrame,
  t: FitTransform,
  cfg: DetectConfig,
): Promise<FrameDetections> {
  return (await detectFrames(vision, [frame], t, cfg))[0]!;
}

/**
 * `detectFrame` on several frames of one video, CenterNet in ONE call for all of them
 * (the caller sizes the batch: the chunk detector's `cfg.batch`); entry i equals
 * `detectFrame(frames[i])` within float rounding (test/models/dynamic.test.ts).
 */
export async function detectFrames(
  vision: VisionModels,
  frames: readonly DetectorFrame[],
  t: FitTransform,
  cfg: DetectConfig,
): Promise<FrameDetections[]> {
  const needCenterNet = cfg.people === 'centernet' || cfg.objects;
  const minScore = Math.min(cfg.personMinScore, cfg.objectMinScore);
  const images = frames.map((f) => f.image);
  const objects = needCenterNet ? await vision.runCenterNetBatch(images, { minScore }) : frames.map(() => []);
  const poseOpts = { inputSize: cfg.poseInputSize, minScore: POSE_MIN_SCORE };
  const out: FrameDetections[] = [];
  for (const [i, frame] of frames.entries()) {
    // With CenterNet's people, poses only attach to its kept person boxes: a frame without
    // one skips MoveNet (same detections, one model call fewer).
    const needPose =
      cfg.people === 'movenet' || (cfg.pose && objects[i]!.some((o) => o.classId === PERSON_CLASS && o.score >= cfg.personMinScore));
    const poses = needPose ? await vision.runMoveNet(frame.image, poseOpts) : [];
    out.push(frameDetections(frame, objects[i]!, poses, t, cfg));
  }
  return out;
}

/** One frame's detections from its CenterNet objects and MoveNet people. */
function frameDetections(
  frame: DetectorFrame,
  objects: readonly DetectedObject[],
  poses: readonly Person[],
  t: FitTransform,
  cfg: DetectConfig,
): FrameDetections {
  const people = cfg.people === 'movenet' ? poses.map(personFromPose) : objects.filter((o) => o.classId === PERSON_CLASS);
  const keptPeople = people.filter((p) => p.score >= cfg.personMinScore).sort((a, b) => b.score - a.score);
  const poseOf = cfg.pose ? attachPoses(keptPeople, poses) : [];
  const detections: Detection[] = keptPeople.map((p, i) => toDetection(frame, p, t, poseOf[i]));
  if (cfg.objects) {
    for (const o of objects)
      if (o.classId !== PERSON_CLASS && o.score >= cfg.objectMinScore) detections.push(toDetection(frame, o, t, undefined));
  }
  return { frame: frame.index, seconds: frame.sec, detections };
}

function personFromPose(p: Person): DetectedObject {
  return { box: p.box, score: p.score, classId: PERSON_CLASS, label: 'person' };
}

/**
 * Greedy one-to-one assignment of poses to person boxes, highest IoU first, pairs with
 * IoU ≥ POSE_MIN_IOU only. Returns, per person, its pose or undefined.
 */
export function attachPoses(people: readonly { box: DetectedObject['box'] }[], poses: readonly Person[]): (Person | undefined)[] {
  const pairs: [number, number, number][] = [];
  people.forEach((p, i) =>
    poses.forEach((q, j) => {
      const v = iou([p.box.x1, p.box.y1, p.box.x2, p.box.y2], [q.box.x1, q.box.y1, q.box.x2, q.box.y2]);
      if (v >= POSE_MIN_IOU) pairs.push([v, i, j]);
    }),
  );
  pairs.sort((a, b) => b[0] - a[0] || a[1] - b[1] || a[2] - b[2]);
  const out: (Person | undefined)[] = people.map(() => undefined);
  const used = new Set<number>();
  for (const [, i, j] of pairs) {
    if (out[i] || used.has(j)) continue;
    out[i] = poses[j];
    used.add(j);
  }
  return out;
}

function round2(v: number): number {
  return Math.round(v * 100) / 100;
}

function toDetection(frame: DetectorFrame, o: DetectedObject, t: FitTransform, pose: Person | undefined): Detection {
  const box = toSourceBox(o.box, t).map(round2) as [number, number, number, number];
  const det: Detection = {
    frame: frame.index,
    seconds: frame.sec,
    box,
    score: Math.round(Math.min(1, Math.max(0, o.score)) * 1e4) / 1e4,
    classId: o.classId,
    className: o.classId === PERSON_CLASS ? 'person' : o.label,
  };
  if (pose) det.keypoints = pose.keypoints.map((k) => keypointToSource(k, t));
  return det;
}

function keypointToSource(k: { x: number; y: number; score: number }, t: FitTransform): Keypoint {
  const x = (k.x - t.padX) / t.scaleX;
  const y = (k.y - t.padY) / t.scaleY;
  return [round2(x), round2(y), Math.round(Math.min(1, Math.max(0, k.score)) * 1000) / 1000];
}
