/**
 * Each default model, converted by our converter and run by ONNX Runtime, against the
 * original TFJS model (wasm backend) on real images: PETS09 and shots_dev frames and a
 * photo shipped in @vladmandic/human. Raw outputs must agree to a max relative error of
 * 1e-3 (relative to the output's range; the figures are printed), and the decoded
 * detections after NMS must be the same boxes.
 */
import { join } from 'node:path';
import type * as tfTypes from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  blazeFaceAnchors,
  decodeBlazeFace,
  decodeCenterNet,
  decodeMoveNet,
  DEFAULT_MODELS,
  fitTransform,
  imageToTensor,
  joinBlazeFaceOutputs,
  nonMaxSuppression,
  cropToTensor,
  VisionModels,
  type InputTensor,
  type ModelsConfig,
  type RgbImage,
  type ModelManifest,
} from '../../models';
import { findPackageDir } from '../../models/sources';
import { readNsfwjsBundle, readTfjsModel, type TfjsArtifacts } from '../../models/tfjs/artifacts';
import {
  ensureModels,
  hasTestData,
  initTfjs,
  PETS_VIDEO,
  readFrame,
  readSampleImage,
  relativeError,
  SHOTS_VIDEO,
  tfjsModel,
} from './helpers';

const TOLERANCE = 1e-3;
const HAS_DATA = hasTestData();

function artifactsOf(name: string): TfjsArtifacts {
  const def = DEFAULT_MODELS[name]!;
  const dir = findPackageDir(def.manifest.source.package);
  return def.recipe.kind === 'tfjs-graph'
    ? readTfjsModel(join(dir, def.recipe.modelJson))
    : readNsfwjsBundle(join(dir, def.recipe.bundleDir));
}

/** Letterboxed, normalised model input for a square model of `size`. */
function fitted(img: RgbImage, m: ModelManifest, size: number): InputTensor {
  const spec = m.inputs[0]!;
  return {
    data: imageToTensor(
      img,
      fitTransform(img.width, img.height, size, size),
      spec.normalisation,
      spec.dtype === 'int32' ? 'int32' : 'float32',
    ),
    dims: [1, size, size, 3],
  };
}

/** Runs the TFJS reference; returns outputs in the recipe's order, keyed by our output names. */
async function runTfjs(
  tf: typeof tfTypes,
  name: string,
  model: tfTypes.GraphModel | tfTypes.LayersModel,
  x: InputTensor,
): Promise<Record<string, Float32Array>> {
  const recipe = DEFAULT_MODELS[name]!.recipe;
  const input = tf.tensor(x.data, [...x.dims], x.data instanceof Int32Array ? 'int32' : 'float32');
  const names = Object.keys(recipe.outputs);
  let outs: tfTypes.Tensor[];
  if (model instanceof tf.GraphModel) {
    const r = model.execute(input, Object.values(recipe.outputs));
    outs = Array.isArray(r) ? r : [r];
  } else {
    const layers = Object.values(recipe.outputs).map((l) => model.getLayer(l).output as tfTypes.SymbolicTensor);
    const r = tf.model({ inputs: model.inputs, outputs: layers }).predict(input);
    outs = Array.isArray(r) ? r : [r];
  }
  const result = Object.fromEntries(names.map((n, i) => [n, outs[i]!.dataSync() as Float32Array]));
  tf.dispose([input, ...outs]);
  return result;
}

/**
 * CenterNet's `detections` are its top-100 peaks; two peaks whose scores differ by ~1e-7
 * (float rounding) may swap places between runtimes. Rows are put in a canonical order
 * (score to 1e-4, then class, then x1) before comparing, so a swap of near-equal rows is
 * not counted as an error while any other difference still is.
 */
function canonicalRows(data: Float32Array, width: number): Float32Array {
  const rows = Array.from({ length: data.length / width }, (_, i) => data.subarray(i * width, (i + 1) * width));
  rows.sort((a, b) => Math.round(b[4]! * 1e4) - Math.round(a[4]! * 1e4) || a[5]! - b[5]! || a[0]! - b[0]!);
  const out = new Float32Array(data.length);
  rows.forEach((r, i) => out.set(r, i * width));
  return out;
}

interface Case {
  model: string;
  inputs: (vision: VisionModels, m: ModelManifest) => Promise<{ label: string; x: InputTensor; img?: RgbImage }[]>;
}

const CASES: Case[] = [
  {
    model: 'movenet-multipose',
    inputs: async (_v, m) => [
      { label: 'PETS frame 99 @256', x: fitted(await readFrame(PETS_VIDEO, 99), m, 256) },
      { label: 'PETS frame 99 @512', x: fitted(await readFrame(PETS_VIDEO, 99), m, 512) },
      { label: 'human sample photo @256', x: fitted(readSampleImage(), m, 256) },
    ],
  },
  {
    model: 'centernet',
    inputs: async (_v, m) => [
      { label: 'PETS frame 99', x: fitted(await readFrame(PETS_VIDEO, 99), m, 512) },
      { label: 'shots_dev frame 700', x: fitted(await readFrame(SHOTS_VIDEO, 700), m, 512) },
    ],
  },
  {
    model: 'blazeface',
    inputs: async (_v, m) => [
      { label: 'human sample photo', x: fitted(readSampleImage(), m, 256) },
      { label: 'shots_dev frame 100', x: fitted(await readFrame(SHOTS_VIDEO, 100), m, 256) },
    ],
  },
  {
    model: 'faceres',
    inputs: async (v) => {
      const img = readSampleImage();
      const face = (await v.runBlazeFace(img))[0];
      const box = face?.box ?? { x1: 0, y1: 0, x2: img.width, y2: img.height };
      return [{ label: 'face crop of the human sample photo', x: { data: cropToTensor(img, box, 224, 224), dims: [1, 224, 224, 3] } }];
    },
  },
  {
    model: 'mobilenet-v2',
    inputs: async (_v, m) => {
      const img = await readFrame(PETS_VIDEO, 99);
      const n = m.inputs[0]!.normalisation;
      return [
        {
          label: 'PETS frame 99 (whole)',
          x: { data: cropToTensor(img, { x1: 0, y1: 0, x2: img.width, y2: img.height }, 224, 224, n), dims: [1, 224, 224, 3] },
        },
        {
          label: 'PETS frame 99 (person crop)',
          x: { data: cropToTensor(img, { x1: 585, y1: 150, x2: 620, y2: 240 }, 224, 224, n), dims: [1, 224, 224, 3] },
        },
      ];
    },
  },
];

describe.runIf(HAS_DATA)('converted models vs TFJS (wasm) on real images', () => {
  let config: ModelsConfig;
  let vision: VisionModels;
  let tf: typeof tfTypes;
  beforeAll(async () => {
    config = ensureModels();
    vision = VisionModels.create(config);
    tf = await initTfjs();
  });
  afterAll(() => vision.dispose());

  it.each(CASES)('$model: raw outputs within 1e-3 relative error', async ({ model, inputs }) => {
    // Prepare
    const session = await vision.session(model);
    const reference = await tfjsModel(artifactsOf(model));
    for (const { label, x } of await inputs(vision, session.manifest)) {
      // Act
      const ours = await session.run({ [session.manifest.inputs[0]!.name]: x });
      const theirs = await runTfjs(tf, model, reference, x);
      // Assess
      for (const [name, ref] of Object.entries(theirs)) {
        const mine = ours[name]!.data as Float32Array;
        const { rel, abs } =
          model === 'centernet' ? relativeError(canonicalRows(mine, 6), canonicalRows(ref, 6)) : relativeError(mine, ref);
        console.log(`[reference] ${model} ${name} on ${label}: max rel err ${rel.toExponential(2)} (max abs ${abs.toExponential(2)})`);
        expect(rel, `${model}/${name} on ${label}`).toBeLessThanOrEqual(TOLERANCE);
      }
    }
  });

  it('centernet and movenet: identical boxes after decoding and NMS', async () => {
    // Prepare
    const img = await readFrame(PETS_VIDEO, 99);
    const nms = { scoreThreshold: 0.2, iouThreshold: 0.5, maxOutput: 100 };
    const cn = await vision.session('centernet');
    const mn = await vision.session('movenet-multipose');
    const t512 = fitTransform(img.width, img.height, 512, 512);
    const xc = fitted(img, cn.manifest, 512),
      xm = fitted(img, mn.manifest, 512);
    // Act
    const oursC = decodeCenterNet(
      (await cn.run({ [cn.manifest.inputs[0]!.name]: xc })).detections!.data as Float32Array,
      t512,
      cn.manifest.labels!,
      nms,
    );
    const theirsC = decodeCenterNet(
      (await runTfjs(tf, 'centernet', await tfjsModel(artifactsOf('centernet')), xc)).detections!,
      t512,
      cn.manifest.labels!,
      nms,
    );
    const oursM = decodeMoveNet((await mn.run({ input: xm })).output_0!.data as Float32Array, t512, 0.2);
    const theirsM = decodeMoveNet(
      (await runTfjs(tf, 'movenet-multipose', await tfjsModel(artifactsOf('movenet-multipose')), xm)).output_0!,
      t512,
      0.2,
    );
    // Assess
    console.log(
      `[reference] after NMS: centernet ${oursC.length} vs ${theirsC.length} objects, movenet ${oursM.length} vs ${theirsM.length} people`,
    );
    expect(oursC.map((o) => o.classId)).toEqual(theirsC.map((o) => o.classId));
    expect(oursM.length).toBe(theirsM.length);
    for (const [a, b] of [...oursC.map((o, i) => [o.box, theirsC[i]!.box]), ...oursM.map((p, i) => [p.box, theirsM[i]!.box])]) {
      for (const k of ['x1', 'y1', 'x2', 'y2'] as const) expect(Math.abs(a![k] - b![k])).toBeLessThan(0.01);
    }
  });

  it('blazeface: identical faces after decoding and NMS, and our NMS equals tf.image.nonMaxSuppression', async () => {
    // Prepare
    const img = readSampleImage();
    const s = await vision.session('blazeface');
    const x = fitted(img, s.manifest, 256);
    const t = fitTransform(img.width, img.height, 256, 256);
    const nms = { scoreThreshold: 0.5, iouThreshold: 0.3, maxOutput: 20 };
    const join = (o: Record<string, { data: unknown }> | Record<string, Float32Array>) => {
      const g = (n: string) => ((o[n] as { data?: unknown }).data ?? o[n]) as Float32Array;
      return joinBlazeFaceOutputs(g('scores_16'), g('scores_8'), g('boxes_16'), g('boxes_8'));
    };
    // Act
    const ours = join(await s.run({ input: x }));
    const theirs = join(await runTfjs(tf, 'blazeface', await tfjsModel(artifactsOf('blazeface')), x));
    const facesOurs = decodeBlazeFace(ours.scores, ours.regressors, t, nms);
    const facesTheirs = decodeBlazeFace(theirs.scores, theirs.regressors, t, nms);
    const boxes = new Float32Array(4 * 896),
      probs = Float32Array.from(ours.scores, (v) => 1 / (1 + Math.exp(-v)));
    const anchors = blazeFaceAnchors(256);
    for (let i = 0; i < 896; i++) {
      const r = ours.regressors,
        cx = r[16 * i]! + anchors[2 * i]!,
        cy = r[16 * i + 1]! + anchors[2 * i + 1]!;
      boxes.set([cy - r[16 * i + 3]! / 2, cx - r[16 * i + 2]! / 2, cy + r[16 * i + 3]! / 2, cx + r[16 * i + 2]! / 2], 4 * i); // TF order y1, x1, y2, x2
    }
    const tfKept = await tf.image.nonMaxSuppressionAsync(tf.tensor2d(boxes, [896, 4]), tf.tensor1d(probs), 20, 0.3, 0.01);
    // Assess
    console.log(`[reference] blazeface after NMS: ${facesOurs.length} vs ${facesTheirs.length} faces`);
    expect(facesOurs.length).toBeGreaterThan(0);
    expect(facesOurs.length).toBe(facesTheirs.length);
    facesOurs.forEach((f, i) =>
      expect(Math.abs(f.box.x1 - facesTheirs[i]!.box.x1) + Math.abs(f.box.y2 - facesTheirs[i]!.box.y2)).toBeLessThan(0.01),
    );
    expect([...nonMaxSuppression(boxes, probs, { scoreThreshold: 0.01, iouThreshold: 0.3, maxOutput: 20 })]).toEqual([
      ...(await tfKept.data()),
    ]);
  });
});
