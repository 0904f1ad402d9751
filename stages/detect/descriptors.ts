/**
 * Per-person descriptors for identity across shots, sampled on a sparse grid of frames:
 * BlazeFace looks in the top square of each person box (the head of a standing person;
 * the whole box of a head-and-shoulders close-up, whose face reaches ~85 % down the box); when it finds a face big enough,
 * FaceRes describes the aligned face (1024-d). Every sampled person also gets a
 * MobileNetV2 appearance descriptor of the person crop (1280-d), the fallback when no face
 * is visible. Vectors are L2-normalised.
 */
import type { Detection } from '../../core/contracts/tracks';
import { faceAlignment, rotatedCropToTensor, type FitTransform, type RgbImage, type VisionModels } from '../../models';
import { l2Normalize } from '../track/association';
import { DESCRIPTOR_MIN_HEIGHT, DESCRIPTOR_MIN_OBJECT_SIDE, type DetectConfig } from './config';
import { PERSON_CLASS } from './detect';
import { toLetterboxBox } from './frames';

/** BlazeFace score for a face to count (its own default, 0.5, fires on backs of heads in tiny crops). */
const FACE_MIN_SCORE = 0.75;
/** Faces narrower than this (detector-frame px) are too small for FaceRes to mean anything. */
const FACE_MIN_WIDTH = 20;
/** Only confident person boxes are described (a false positive would pollute a track's descriptor). */
const DESCRIBE_MIN_SCORE = 0.5;

/** Descriptors of one detection on a sampled frame. */
export interface PersonDescriptor {
  frame: number;
  detectionIndex: number;
  /** 1280-d MobileNetV2 features of the person crop (L2-normalised). */
  appearance: Float32Array;
  /** 1024-d FaceRes descriptor when a face was visible (L2-normalised). */
  face?: Float32Array;
}

/**
 * Describes the people of one letterboxed frame: the `cfg.descriptorMaxPeople` largest
 * confident person boxes at least DESCRIPTOR_MIN_HEIGHT tall (detector px).
 */
export async function describePeople(
  vision: VisionModels,
  image: RgbImage,
  frame: number,
  detections: readonly Detection[],
  t: FitTransform,
  cfg: DetectConfig,
): Promise<PersonDescriptor[]> {
  const candidates = detections
    .map((d, i) => ({ i, box: toLetterboxBox(d.box, t), d }))
    .filter(({ d, box }) => d.classId === PERSON_CLASS && d.score >= DESCRIBE_MIN_SCORE && box.y2 - box.y1 >= DESCRIPTOR_MIN_HEIGHT)
    .sort((a, b) => area(b.box) - area(a.box) || a.i - b.i)
    .slice(0, cfg.descriptorMaxPeople);
  // One MobileNetV2 call for every crop of the frame, one FaceRes call for every face found.
  const appearances = await vision.appearanceBatch(
    image,
    candidates.map((c) => c.box),
  );
  const aligned: (Float32Array | undefined)[] = [];
  for (const c of candidates) aligned.push(await alignedFace(vision, image, c.box));
  const present = aligned.filter((a): a is Float32Array => a !== undefined);
  const faces = await vision.faceDescriptorBatch(present);
  const out: PersonDescriptor[] = [];
  let k = 0;
  candidates.forEach((c, i) => {
    const face = aligned[i] ? l2Normalize(faces[k++]!) : undefined;
    out.push({ frame, detectionIndex: c.i, appearance: l2Normalize(appearances[i]!), ...(face ? { face } : {}) });
  });
  return out.sort((a, b) => a.detectionIndex - b.detectionIndex);
}

/**
 * Appearance descriptors of the other objects of one letterboxed frame (the feature bank's
 * per-instance MobileNetV2 features; objects have no face): the `cfg.descriptorMaxObjects`
 * largest non-person boxes with score ≥ DESCRIBE_MIN_SCORE and both sides ≥
 * DESCRIPTOR_MIN_OBJECT_SIDE detector px.
 */
export async function describeObjects(
  vision: VisionModels,
  image: RgbImage,
  frame: number,
  detections: readonly Detection[],
  t: FitTransform,
  cfg: DetectConfig,
): Promise<PersonDescriptor[]> {
  const candidates = detections
    .map((d, i) => ({ i, box: toLetterboxBox(d.box, t), d }))
    .filter(
      ({ d, box }) =>
        d.classId !== PERSON_CLASS &&
        d.score >= DESCRIBE_MIN_SCORE &&
        box.y2 - box.y1 >= DESCRIPTOR_MIN_OBJECT_SIDE &&
        box.x2 - box.x1 >= DESCRIPTOR_MIN_OBJECT_SIDE,
    )
    .sort((a, b) => area(b.box) - area(a.box) || a.i - b.i)
    .slice(0, cfg.descriptorMaxObjects);
  const appearances = await vision.appearanceBatch(
    image,
    candidates.map((c) => c.box),
  );
  const out = candidates.map((c, i): PersonDescriptor => ({ frame, detectionIndex: c.i, appearance: l2Normalize(appearances[i]!) }));
  return out.sort((a, b) => a.detectionIndex - b.detectionIndex);
}

/**
 * Frame-level MobileNetV2 features (1280-d, L2-normalised) of the picture inside the
 * letterbox (the padding bars are left out), for the feature bank's per-second frame rows.
 */
export async function frameDescriptor(vision: VisionModels, image: RgbImage, t: FitTransform): Promise<Float32Array> {
  const box = { x1: t.padX, y1: t.padY, x2: t.padX + t.srcWidth * t.scaleX, y2: t.padY + t.srcHeight * t.scaleY };
  return l2Normalize(await vision.appearance(image, box));
}

function area(b: { x1: number; y1: number; x2: number; y2: number }): number {
  return (b.x2 - b.x1) * (b.y2 - b.y1);
}

/** The aligned 224×224 crop (FaceRes input) of the best face in the top square of a person box, if one is visible. */
async function alignedFace(
  vision: VisionModels,
  image: RgbImage,
  box: { x1: number; y1: number; x2: number; y2: number },
): Promise<Float32Array | undefined> {
  const region = {
    x1: Math.floor(Math.max(0, box.x1)),
    y1: Math.floor(Math.max(0, box.y1)),
    x2: Math.ceil(Math.min(image.width, box.x2)),
    y2: Math.ceil(Math.min(image.height, box.y1 + Math.min(box.y2 - box.y1, box.x2 - box.x1))),
  };
  if (region.x2 - region.x1 < FACE_MIN_WIDTH || region.y2 - region.y1 < FACE_MIN_WIDTH) return undefined;
  const crop = cropImage(image, region);
  const faces = await vision.runBlazeFace(crop, { minScore: FACE_MIN_SCORE, maxDetections: 1 });
  const face = faces[0];
  if (!face || face.box.x2 - face.box.x1 < FACE_MIN_WIDTH) return undefined;
  return rotatedCropToTensor(crop, faceAlignment(face), 224);
}

/**
 * Copies the integer rectangle `r` (clamped to the image) out of an rgb24 image.
 *
 * @example
 *   cropImage({ data, width: 512, height: 512 }, { x1: 10, y1: 20, x2: 110, y2: 220 }) // 100×200
 */
export function cropImage(img: RgbImage, r: { x1: number; y1: number; x2: number; y2: number }): RgbImage {
  const x1 = Math.max(0, Math.min(img.width, r.x1)),
    x2 = Math.max(x1, Math.min(img.width, r.x2));
  const y1 = Math.max(0, Math.min(img.height, r.y1)),
    y2 = Math.max(y1, Math.min(img.height, r.y2));
  const width = x2 - x1,
    height = y2 - y1;
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    const src = ((y1 + y) * img.width + x1) * 3;
    data.set(img.data.subarray(src, src + width * 3), y * width * 3);
  }
  return { data, width, height };
}

/**
 * Whether frame `f` is a descriptor frame: the first detection frame of its
 * 1/`descriptorFps` interval. Depends only on global frame indices, so every chunk picks
 * the same frames. `detectionFrames` must be ascending and include the previous detection
 * frame before `f` when there is one in the chunk.
 */
export function descriptorFrames(detectionFrames: readonly number[], sourceFps: number, descriptorFps: number): Set<number> {
  const r = descriptorFps / sourceFps;
  const out = new Set<number>();
  let lastInterval = Number.NEGATIVE_INFINITY;
  for (const f of detectionFrames) {
    const k = Math.floor(f * r);
    if (k > lastInterval) out.add(f);
    lastInterval = k;
  }
  return out;
}
