/**
 * The models room: TFJS → ONNX conversion, manifests and registry, the ONNX Runtime
 * adapter, pre/post-processing, and `VisionModels`, the entry point for stages.
 */
export { modelsConfig, defaultModelDir, type ModelsConfig } from './config';
export { parseManifest, manifestSchema, type ModelManifest, type InputSpec, type OutputSpec, type Normalisation } from './manifest';
export { DEFAULT_MODELS } from './defaults';
export { buildModel, buildModels, convertDefaultModel, isUpToDate, CONVERTER_VERSION, type BuildResult } from './build';
export { resolveModel, listModels, readModelDir, type ResolvedModel, type ModelListing } from './registry';
export {
  SessionCache,
  createSession,
  assertCudaAvailable,
  runtimeReport,
  type RuntimeReport,
  checkFeeds,
  checkInput,
  type InputTensor,
  type OutputTensor,
  type ModelSession,
} from './runtime';
export {
  fitTransform,
  strideAlignedDims,
  imageToTensor,
  cropToTensor,
  rotatedCropToTensor,
  toSourceBox,
  toSourcePoint,
  type RgbImage,
  type Box,
  type FitTransform,
  type RotatedCrop,
} from './preprocess';
export { nonMaxSuppression, classwiseNms, iou, type NmsOptions } from './postprocess/nms';
export {
  decodeMoveNet,
  decodeCenterNet,
  decodeBlazeFace,
  blazeFaceAnchors,
  joinBlazeFaceOutputs,
  type Person,
  type Keypoint,
  type DetectedObject,
  type Face,
} from './postprocess/decoders';
export { VisionModels, faceAlignment, centerNetInputDims, CENTERNET_STRIDE, type MoveNetOptions, type DetectOptions } from './vision';
export { COCO_LABELS, MOVENET_KEYPOINTS, BLAZEFACE_LANDMARKS, NSFW_LABELS } from './labels';
