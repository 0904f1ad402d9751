/**
 * The public face of the models room for the detection, tracking, identity and feature
 * stages: one object that owns a session cache and runs each default model end to end
 * (fit → normalise → ONNX Runtime → decode → NMS → source pixels).
 *
 * @example
 *   const vision = VisionModels.create(modelsConfig({ intraOpThreads: 1 }));
 *   const people = await vision.runMoveNet({ data, width: 768, height: 576 }, { inputSize: 512 });
 *   const objects = await vision.runCenterNet(frame);
 *   await vision.dispose();
 */
import { LvuError } from '../core/errors';
import { modelsConfig, type ModelsConfig } from './config';
import type { ModelManifest } from './manifest';
import {
  decodeBlazeFace,
  decodeCenterNet,
  decodeMoveNet,
  joinBlazeFaceOutputs,
  type DetectedObject,
  type Face,
  type Person,
} from './postprocess/decoders';
import {
  cropToTensor,
  fitTransform,
  imageToTensor,
  rotatedCropToTensor,
  strideAlignedDims,
  type Box,
  type FitTransform,
  type RgbImage,
  type RotatedCrop,
} from './preprocess';
import { resolveModel, type ResolvedModel } from './registry';
import { SessionCache, type InputTensor, type ModelSession, type OutputTensor } from './runtime';

/** Options of `runMoveNet`. `inputSize` (multiple of 32) trades speed for small people. */
export interface MoveNetOptions {
  inputSize?: number;
  minScore?: number;
}

/** Options of `runCenterNet` and `runBlazeFace`. */
export interface DetectOptions {
  minScore?: number;
  iouThreshold?: number;
  maxDetections?: number;
}

/**
 * CenterNet's output stride is 4 and its backbone's 32: with free dims (manifest version 2)
 * any H and W that are multiples of 32 run without padding; CenterNet was trained at 512².
 */
export const CENTERNET_STRIDE = 32;
/** Longer side CenterNet fits a frame to when the frame's own dims are not multiples of CENTERNET_STRIDE. */
export const CENTERNET_LONG_SIDE = 512;

/**
 * The model input dims CenterNet runs a `width`×`height` frame at: the frame's own dims
 * when both are multiples of 32 (the detector frames the decoder delivers, see
 * stages/detect/frames.ts), else the frame fitted with the least padding
 * (`strideAlignedDims`); a model with a fixed input (a v1 cache, a user model) gets that.
 */
export function centerNetInputDims(shape: readonly (number | string)[], width: number, height: number): { width: number; height: number } {
  const [fixedH, fixedW] = [shape[1], shape[2]];
  if (typeof fixedH === 'number' && typeof fixedW === 'number') return { width: fixedW, height: fixedH };
  if (width % CENTERNET_STRIDE === 0 && height % CENTERNET_STRIDE === 0) return { width, height };
  return strideAlignedDims(width, height, CENTERNET_LONG_SIDE, CENTERNET_STRIDE);
}

/** Square crop around a face, rotated so the eyes are level, 1.2× the detected box. */
export function faceAlignment(face: Face, enlarge = 1.2): RotatedCrop {
  const l = face.landmarks;
  const angle = Math.atan2(l[3]! - l[1]!, l[2]! - l[0]!); // right eye (image left) → left eye
  const size = Math.max(face.box.x2 - face.box.x1, face.box.y2 - face.box.y1) * enlarge;
  return { cx: (face.box.x1 + face.box.x2) / 2, cy: (face.box.y1 + face.box.y2) / 2, size, angle };
}

function floatOut(outs: Record<string, OutputTensor>, name: string, model: string): Float32Array {
  const t = outs[name];
  if (!t || !(t.data instanceof Float32Array))
    throw new LvuError('MODEL_OUTPUT_INVALID', `model ${model} returned no float output ${name}`);
  return t.data;
}

/** Splits a [n, d] output into n rows (copies, so each outlives the batch buffer). */
function splitRows(data: Float32Array, n: number): Float32Array[] {
  const d = data.length / n;
  return Array.from({ length: n }, (_, i) => data.slice(i * d, (i + 1) * d));
}

/** Indices of `imgs` by the model-input dims they run at; one index per group when the batch is fixed. */
function groupByInputDims(
  imgs: readonly RgbImage[],
  shape: readonly (number | string)[],
  batchFree: boolean,
): { dims: { width: number; height: number }; members: number[] }[] {
  const groups = new Map<string, { dims: { width: number; height: number }; members: number[] }>();
  imgs.forEach((img, i) => {
    const dims = centerNetInputDims(shape, img.width, img.height);
    const key = batchFree ? `${dims.width}x${dims.height}` : String(i);
    const g = groups.get(key) ?? { dims, members: [] };
    g.members.push(i);
    groups.set(key, g);
  });
  return [...groups.values()];
}

/** Runs the default models; see the module comment. */
export class VisionModels {
  private readonly resolved = new Map<string, ResolvedModel>();

  private constructor(
    readonly config: ModelsConfig,
    private readonly cache: SessionCache,
    private readonly notice?: (line: string) => void,
  ) {}

  /** Creates the object (sessions open lazily, building missing default models on first use). */
  static create(config: ModelsConfig = modelsConfig(), notice?: (line: string) => void): VisionModels {
    return new VisionModels(config, new SessionCache(config), notice);
  }

  /** The session of any registered model by name (default or user-provided). */
  session(name: string): Promise<ModelSession> {
    // Resolved once per name: resolving reads the manifest and hashes the whole ONNX file
    // (tens of MB), which per call cost more than some of the inferences it preceded.
    let model = this.resolved.get(name);
    if (!model) {
      model = resolveModel(name, this.config, this.notice);
      this.resolved.set(name, model);
    }
    return this.cache.open(model);
  }

  /** Runs a model on one input tensor and returns its outputs (inputs checked against the manifest). */
  async runRaw(name: string, input: InputTensor): Promise<{ manifest: ModelManifest; outputs: Record<string, OutputTensor> }> {
    const s = await this.session(name);
    return { manifest: s.manifest, outputs: await s.run({ [s.manifest.inputs[0]!.name]: input }) };
  }

  /** People (≤ 6) with boxes and 17 keypoints in source pixels, best first. */
  async runMoveNet(img: RgbImage, opts: MoveNetOptions = {}): Promise<Person[]> {
    const size = opts.inputSize ?? 256;
    if (size % 32 !== 0 || size < 128)
      throw new LvuError('VALIDATION_FAILED', `MoveNet inputSize must be a multiple of 32 ≥ 128, got ${size}`);
    const s = await this.session('movenet-multipose');
    const t = fitTransform(img.width, img.height, size, size);
    const x = imageToTensor(img, t, s.manifest.inputs[0]!.normalisation, 'int32');
    const outs = await s.run({ [s.manifest.inputs[0]!.name]: { data: x, dims: [1, size, size, 3] } });
    return decodeMoveNet(floatOut(outs, 'output_0', 'movenet-multipose'), t, opts.minScore ?? 0.2);
  }

  /** Objects of the 80 COCO classes after class-wise NMS, in source pixels. */
  async runCenterNet(img: RgbImage, opts: DetectOptions = {}): Promise<DetectedObject[]> {
    return (await this.runCenterNetBatch([img], opts))[0]!;
  }

  /**
   * CenterNet on several frames in as few calls as the model allows: frames of equal
   * model-input dims share one call (batch dimension n) when the model's batch is free,
   * else one call each. Entry i is `runCenterNet(imgs[i])` (boxes within float rounding:
   * test/models/dynamic.test.ts).
   */
  async runCenterNetBatch(imgs: readonly RgbImage[], opts: DetectOptions = {}): Promise<DetectedObject[][]> {
    const s = await this.session('centernet');
    const spec = s.manifest.inputs[0]!;
    const batchFree = typeof spec.shape[0] === 'string';
    const nms = { minScore: 0.2, iouThreshold: 0.5, maxDetections: 100, ...opts };
    const decode = (rows: Float32Array, t: FitTransform) =>
      decodeCenterNet(rows, t, s.manifest.labels ?? [], {
        scoreThreshold: nms.minScore,
        iouThreshold: nms.iouThreshold,
        maxOutput: nms.maxDetections,
      });
    const out: DetectedObject[][] = new Array(imgs.length);
    for (const group of groupByInputDims(imgs, spec.shape, batchFree)) {
      const { width, height } = group.dims;
      const one = width * height * 3;
      const x = new Float32Array(one * group.members.length);
      const ts = group.members.map((i) => fitTransform(imgs[i]!.width, imgs[i]!.height, width, height));
      group.members.forEach((i, k) => x.set(imageToTensor(imgs[i]!, ts[k]!, spec.normalisation), k * one));
      const outs = await s.run({ [spec.name]: { data: x, dims: [group.members.length, height, width, 3] } });
      const rows = splitRows(floatOut(outs, 'detections', 'centernet'), group.members.length);
      group.members.forEach((i, k) => (out[i] = decode(rows[k]!, ts[k]!)));
    }
    return out;
  }

  /** Faces with 6 landmarks in source pixels, after NMS. */
  async runBlazeFace(img: RgbImage, opts: DetectOptions = {}): Promise<Face[]> {
    const s = await this.session('blazeface');
    const spec = s.manifest.inputs[0]!;
    const size = Number(spec.shape[1]);
    const t = fitTransform(img.width, img.height, size, size);
    const o = await s.run({ [spec.name]: { data: imageToTensor(img, t, spec.normalisation), dims: [1, size, size, 3] } });
    const f = (n: string) => floatOut(o, n, 'blazeface');
    const { scores, regressors } = joinBlazeFaceOutputs(f('scores_16'), f('scores_8'), f('boxes_16'), f('boxes_8'));
    const nms = { minScore: 0.5, iouThreshold: 0.3, maxDetections: 20, ...opts };
    return decodeBlazeFace(scores, regressors, t, {
      scoreThreshold: nms.minScore,
      iouThreshold: nms.iouThreshold,
      maxOutput: nms.maxDetections,
    });
  }

  /** 1024-d FaceRes descriptor of an aligned 224×224 RGB crop (NHWC, 0..255 floats). */
  async faceDescriptor(alignedCrop: Float32Array): Promise<Float32Array> {
    const { outputs } = await this.runRaw('faceres', { data: alignedCrop, dims: [1, 224, 224, 3] });
    return floatOut(outputs, 'descriptor', 'faceres');
  }

  /** Aligns a detected face (eyes level) and returns its 1024-d descriptor. */
  async faceDescriptorOf(img: RgbImage, face: Face): Promise<Float32Array> {
    return this.faceDescriptor(rotatedCropToTensor(img, faceAlignment(face), 224));
  }

  /** 1280-d MobileNetV2 appearance features of a crop (or the whole frame), stretched to 224². */
  async appearance(img: RgbImage, box?: Box): Promise<Float32Array> {
    const s = await this.session('mobilenet-v2');
    const spec = s.manifest.inputs[0]!;
    const x = cropToTensor(img, box ?? { x1: 0, y1: 0, x2: img.width, y2: img.height }, 224, 224, spec.normalisation);
    const outs = await s.run({ [spec.name]: { data: x, dims: [1, 224, 224, 3] } });
    return floatOut(outs, 'features', 'mobilenet-v2');
  }

  /**
   * MobileNetV2 features of several crops of one image in ONE call (batch dimension n):
   * the crops of a frame's people and objects share the session run instead of paying it
   * n times. Row i is `appearance(img, boxes[i])` (within float rounding).
   */
  async appearanceBatch(img: RgbImage, boxes: readonly Box[]): Promise<Float32Array[]> {
    if (boxes.length === 0) return [];
    const s = await this.session('mobilenet-v2');
    const spec = s.manifest.inputs[0]!;
    const one = 224 * 224 * 3;
    const x = new Float32Array(one * boxes.length);
    boxes.forEach((b, i) => x.set(cropToTensor(img, b, 224, 224, spec.normalisation), i * one));
    const outs = await s.run({ [spec.name]: { data: x, dims: [boxes.length, 224, 224, 3] } });
    return splitRows(floatOut(outs, 'features', 'mobilenet-v2'), boxes.length);
  }

  /** FaceRes descriptors of several aligned 224×224 crops in ONE call; row i is `faceDescriptor(crops[i])`. */
  async faceDescriptorBatch(alignedCrops: readonly Float32Array[]): Promise<Float32Array[]> {
    if (alignedCrops.length === 0) return [];
    const one = 224 * 224 * 3;
    const x = new Float32Array(one * alignedCrops.length);
    alignedCrops.forEach((c, i) => x.set(c, i * one));
    const { outputs } = await this.runRaw('faceres', { data: x, dims: [alignedCrops.length, 224, 224, 3] });
    return splitRows(floatOut(outputs, 'descriptor', 'faceres'), alignedCrops.length);
  }

  /** Sessions opened so far (one per model used, however many frames or tasks ran). */
  get sessionsOpened(): number {
    return this.cache.sessionsOpened;
  }

  /** Releases every ONNX Runtime session. */
  dispose(): Promise<void> {
    return this.cache.dispose();
  }
}
