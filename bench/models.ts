/**
 * `lvu bench models [--runs N] [--models a,b]`: milliseconds per inference of every default
 * model, in one run: ONNX Runtime (CPU) with 1 and 2 intra-op threads, and the original
 * TFJS model on TFJS's wasm backend. Reports medians and ratios against TFJS-wasm measured
 * in the same run. Inputs are a real PETS09 frame when `LVU_TEST_DATA` (default
 * ../shared/data) has it, else a deterministic synthetic image. Then, for the models with a
 * free batch dimension, ms per image at batch 1, 4 and 8 in one session (CenterNet at the
 * detector input of that frame, 512×384, as the detect stage runs it), and CenterNet's
 * cost by input dims: the 512² square letterbox it ran at before vs the tight 512×384 (4:3)
 * and 512×288 (16:9) inputs, interleaved in one run.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { parseFlags } from '../cli/args';
import { decodeFrames, probe } from '../stages/video';
import {
  buildModels,
  createSession,
  cropToTensor,
  DEFAULT_MODELS,
  fitTransform,
  imageToTensor,
  modelsConfig,
  readModelDir,
  strideAlignedDims,
  type InputTensor,
  type ModelManifest,
  type RgbImage,
} from '../models';
import { findPackageDir } from '../models/sources';
import { readNsfwjsBundle, readTfjsModel, type TfjsArtifacts } from '../models/tfjs/artifacts';
import { medianMs, medians } from './timing';

const ROOT = resolve(import.meta.dirname, '..');

/** Frame 99 of PETS09 through our decoder (the only code that spawns ffmpeg), else a synthetic image. */
async function benchImage(): Promise<RgbImage> {
  const video = join(resolve(ROOT, process.env['LVU_TEST_DATA'] ?? '../shared/data'), 'tracking/PETS09-S2L1/vtest.avi');
  if (existsSync(video)) {
    const p = await probe(video);
    const outputs = [{ name: 'rgb', width: p.width, height: p.height, format: 'rgb24' as const }];
    for await (const { frame } of decodeFrames({ path: video, probe: p, startFrame: 99, endFrame: 100, outputs })) {
      return { data: frame.data, width: frame.width, height: frame.height };
    }
  }
  process.stderr.write('bench models: PETS09 frame not found, using a synthetic image\n');
  return { data: Uint8Array.from({ length: 768 * 576 * 3 }, (_, i) => (i * 2654435761) >>> 24), width: 768, height: 576 };
}

/** Square side of a model with free H and W in the first table: CenterNet's trained 512² (its TFJS graph's fixed size), else 256. */
function freeSide(m: ModelManifest): number {
  return m.name === 'centernet' ? 512 : 256;
}

function inputFor(m: ModelManifest, img: RgbImage, dims?: { width: number; height: number }): InputTensor {
  const spec = m.inputs[0]!;
  const size = typeof spec.shape[1] === 'number' ? spec.shape[1] : freeSide(m);
  const { width, height } = dims ?? { width: size, height: size };
  if (spec.resize === 'letterbox')
    return {
      data: imageToTensor(
        img,
        fitTransform(img.width, img.height, width, height),
        spec.normalisation,
        spec.dtype === 'int32' ? 'int32' : 'float32',
      ),
      dims: [1, height, width, 3],
    };
  return {
    data: cropToTensor(img, { x1: 0, y1: 0, x2: img.width, y2: img.height }, size, size, spec.normalisation),
    dims: [1, size, size, 3],
  };
}

function artifacts(name: string): TfjsArtifacts {
  const def = DEFAULT_MODELS[name]!;
  const dir = findPackageDir(def.manifest.source.package);
  return def.recipe.kind === 'tfjs-graph'
    ? readTfjsModel(join(dir, def.recipe.modelJson))
    : readNsfwjsBundle(join(dir, def.recipe.bundleDir));
}

async function tfjsRunner(name: string, x: InputTensor): Promise<() => Promise<unknown>> {
  const art = artifacts(name);
  const io = tf.io.fromMemory({
    modelTopology: art.modelTopology as never,
    weightSpecs: art.weightSpecs as never,
    weightData: art.weightData.slice().buffer as ArrayBuffer,
  });
  const input = tf.tensor(x.data, [...x.dims], x.data instanceof Int32Array ? 'int32' : 'float32');
  const outputs = Object.values(DEFAULT_MODELS[name]!.recipe.outputs);
  if (art.format === 'graph-model') {
    const g = await tf.loadGraphModel(io);
    return async () => tf.dispose(await Promise.all([g.execute(input, outputs)].flat().map((t) => t.data())));
  }
  const l = await tf.loadLayersModel(io);
  const sub = tf.model({ inputs: l.inputs, outputs: outputs.map((n) => l.getLayer(n).output as tf.SymbolicTensor) });
  return async () => {
    const r = [sub.predict(input)].flat();
    await Promise.all(r.map((t) => t.data()));
    tf.dispose(r);
  };
}

async function benchModel(name: string, dir: string, img: RgbImage, runs: number): Promise<string> {
  const model = readModelDir(dir, name);
  const x = inputFor(model.manifest, img);
  const feeds = { [model.manifest.inputs[0]!.name]: x };
  const ort: number[] = [];
  for (const threads of [1, 2]) {
    const s = await createSession(model.path, model.manifest, modelsConfig({ modelDir: dir, intraOpThreads: threads, interOpThreads: 1 }));
    ort.push(await medianMs(runs, () => s.run(feeds), 2));
    await s.release();
  }
  const wasm = await medianMs(runs, await tfjsRunner(name, x), 2);
  const [o1, o2] = ort as [number, number];
  return `${name.padEnd(18)} ${x.dims.slice(1, 3).join('×').padEnd(8)} ${o1.toFixed(1).padStart(8)} ${o2.toFixed(1).padStart(8)} ${wasm.toFixed(1).padStart(9)}   ${(wasm / o1).toFixed(2).padStart(6)}× ${(wasm / o2).toFixed(2).padStart(6)}× ${(o1 / o2).toFixed(2).padStart(6)}×`;
}

/** Batch sizes compared against batch 1 for the models with a dynamic batch dimension. */
const BATCHES = [1, 4, 8];

/**
 * ms per image of the models with a dynamic batch dimension at batch 1, 4 and 8 in one
 * session with one intra-op thread (what a chunk lane gets on 2 cores), the batch sizes
 * interleaved round by round: what one call per frame's crops (or per micro-batch of
 * detector frames) saves over one call per crop (or frame). CenterNet runs at the detector
 * input of the frame (`strideAlignedDims`, as stages/detect/frames.ts).
 */
async function benchBatches(name: string, dir: string, img: RgbImage, runs: number): Promise<string> {
  const model = readModelDir(dir, name);
  const dims = name === 'centernet' ? strideAlignedDims(img.width, img.height, 512) : undefined;
  const one = inputFor(model.manifest, img, dims);
  const s = await createSession(model.path, model.manifest, modelsConfig({ modelDir: dir, intraOpThreads: 1, interOpThreads: 1 }));
  const timed = await medians(
    runs,
    BATCHES.map((n) => {
      const data = new Float32Array(one.data.length * n);
      for (let i = 0; i < n; i++) data.set(one.data as Float32Array, i * one.data.length);
      const feeds = { [model.manifest.inputs[0]!.name]: { data, dims: [n, ...one.dims.slice(1)] } };
      return [`b${n}`, () => s.run(feeds)];
    }),
  );
  await s.release();
  const perImage = timed.map(([, sec], i) => (sec * 1000) / BATCHES[i]!);
  const cells = perImage.map((ms) => ms.toFixed(1).padStart(8)).join(' ');
  const ratios = perImage
    .slice(1)
    .map((ms) => `${(perImage[0]! / ms).toFixed(2)}×`.padStart(8))
    .join(' ');
  return `${`${name}@${one.dims[2]}×${one.dims[1]}`.padEnd(22)} ${cells}   ${ratios}`;
}

/**
 * CenterNet ms per image by input dims, batch 1, interleaved round by round in one session:
 * the square letterbox the detector used to get, and the tight inputs it gets now (no
 * padding for 4:3 and 16:9 frames). The ratio is the square's time over each.
 */
async function benchInputDims(dir: string, img: RgbImage, runs: number): Promise<string[]> {
  const model = readModelDir(dir, 'centernet');
  if (typeof model.manifest.inputs[0]!.shape[1] === 'number') return ['centernet has fixed input dims (rebuild the models cache)'];
  const s = await createSession(model.path, model.manifest, modelsConfig({ modelDir: dir, intraOpThreads: 1, interOpThreads: 1 }));
  const name = model.manifest.inputs[0]!.name;
  const cases = [
    ['512×512 (square letterbox, before)', { width: 512, height: 512 }],
    ['512×384 (4:3, no padding)', { width: 512, height: 384 }],
    ['512×288 (16:9, no padding)', { width: 512, height: 288 }],
  ] as const;
  const timed = await medians(
    runs,
    cases.map(([label, dims]) => {
      const feeds = { [name]: inputFor(model.manifest, img, dims) };
      return [label, () => s.run(feeds)];
    }),
  );
  await s.release();
  const square = timed[0]![1];
  return timed.map(
    ([label, sec]) => `${label.padEnd(36)} ${(sec * 1000).toFixed(1).padStart(8)} ms ${`${(square / sec).toFixed(2)}×`.padStart(8)}`,
  );
}

/** Entry point of `lvu bench models`. */
export async function run(argv: string[]): Promise<number> {
  const { values } = parseFlags(argv, { runs: { type: 'string', default: '10' }, models: { type: 'string' } });
  const runs = Math.max(1, Number(values.runs));
  const names = values.models ? values.models.split(',') : Object.keys(DEFAULT_MODELS);
  const config = modelsConfig({ autoBuild: false });
  buildModels(config.modelDir, names);
  setWasmPaths(`${join(ROOT, 'node_modules/@tensorflow/tfjs-backend-wasm/dist')}/`);
  await tf.setBackend('wasm');
  await tf.ready();
  const img = await benchImage();
  process.stdout.write(
    `median ms/inference over ${runs} runs (after 2 warm-ups), batch 1, ORT ${config.executionProvider} vs TFJS ${tf.getBackend()}\n`,
  );
  process.stdout.write(
    `${'model'.padEnd(18)} ${'input'.padEnd(8)} ${'ORT 1t'.padStart(8)} ${'ORT 2t'.padStart(8)} ${'TFJS wasm'.padStart(9)}   wasm/ORT1 wasm/ORT2 ORT1/ORT2\n`,
  );
  for (const name of names) process.stdout.write(`${await benchModel(name, config.modelDir, img, runs)}\n`);
  const batched = names.filter((n) => DEFAULT_MODELS[n]!.manifest.inputs[0]!.shape[0] === 'batch');
  process.stdout.write(
    `\nms per image by batch size (ORT ${config.executionProvider}, 1 intra-op thread, interleaved), and the speed-up over batch 1\n`,
  );
  process.stdout.write(
    `${'model@input'.padEnd(22)} ${BATCHES.map((n) => `b=${n}`.padStart(8)).join(' ')}   ${BATCHES.slice(1)
      .map((n) => `b1/b${n}`.padStart(8))
      .join(' ')}\n`,
  );
  for (const name of batched) process.stdout.write(`${await benchBatches(name, config.modelDir, img, runs)}\n`);
  if (names.includes('centernet')) {
    process.stdout.write(
      `\ncenternet ms per image by input dims (batch 1, 1 intra-op thread, interleaved; speed-up over the 512² square)\n`,
    );
    for (const line of await benchInputDims(config.modelDir, img, runs)) process.stdout.write(`${line}\n`);
  }
  return 0;
}
