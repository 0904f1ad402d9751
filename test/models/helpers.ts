/**
 * Shared helpers of the models tests: where the real footage lives (`LVU_TEST_DATA`,
 * default `../shared/data`), a model cache built once for all test files (idempotent, so
 * parallel workers agree), frames decoded with stages/video, a sample image from the human
 * package, and the TFJS (wasm backend) reference.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { buildModels, modelsConfig, type ModelsConfig, type RgbImage } from '../../models';
import { findPackageDir } from '../../models/sources';
import type { TfjsArtifacts } from '../../models/tfjs/artifacts';
import { decodeFrames, probe } from '../../stages/video';

export const REPO_ROOT = resolve(import.meta.dirname, '..', '..');
export const TEST_DATA = resolve(REPO_ROOT, process.env['LVU_TEST_DATA'] ?? '../shared/data');
export const PETS_VIDEO = join(TEST_DATA, 'tracking/PETS09-S2L1/vtest.avi');
export const PETS_GT = join(TEST_DATA, 'tracking/PETS09-S2L1/gt/gt.txt');
export const SHOTS_VIDEO = join(TEST_DATA, 'shots/shots_dev.mp4');

/** True when the real footage is present; otherwise tests say so and skip their real-data part. */
export function hasTestData(): boolean {
  const ok = existsSync(PETS_VIDEO) && existsSync(PETS_GT) && existsSync(SHOTS_VIDEO);
  if (!ok) console.warn(`[models tests] real footage not found under ${TEST_DATA} (set LVU_TEST_DATA); real-data checks skipped`);
  return ok;
}

/** Model cache shared by the test files: LVU_MODEL_DIR if set, else a fixed temp dir. */
export function testModelsConfig(): ModelsConfig {
  return modelsConfig({ modelDir: process.env['LVU_MODEL_DIR'] ?? join(tmpdir(), 'lvu-test-models'), autoBuild: false, intraOpThreads: 1 });
}

/** Builds the default models into the test cache (a no-op when already up to date). */
export function ensureModels(): ModelsConfig {
  const config = testModelsConfig();
  buildModels(config.modelDir);
  return config;
}

/** Decodes one frame (0-based index) of a video as rgb24 at its native size, via stages/video. */
export async function readFrame(path: string, index: number): Promise<RgbImage> {
  const p = await probe(path);
  const outputs = [{ name: 'rgb', width: p.width, height: p.height, format: 'rgb24' as const }];
  for await (const { frame } of decodeFrames({ path, probe: p, startFrame: index, endFrame: index + 1, outputs })) {
    return { data: frame.data, width: frame.width, height: frame.height };
  }
  throw new Error(`no frame ${index} in ${path}`);
}

/** The sample photo shipped in @vladmandic/human (people, faces), decoded with ffmpeg. */
export function readSampleImage(name = 'screenshot-faceid.jpg'): RgbImage {
  const file = join(findPackageDir('@vladmandic/human'), 'assets', name);
  const info = execFileSync('ffprobe', [
    '-v',
    'error',
    '-select_streams',
    'v:0',
    '-show_entries',
    'stream=width,height',
    '-of',
    'csv=p=0',
    file,
  ])
    .toString()
    .trim();
  const [width, height] = info.split(',').map(Number) as [number, number];
  const data = execFileSync('ffmpeg', ['-v', 'error', '-i', file, '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'], {
    maxBuffer: 1 << 28,
  });
  return { data: new Uint8Array(data), width, height };
}

/** Ground-truth boxes of one MOT frame (1-based), as x1, y1, x2, y2. */
export function motBoxes(frame: number): { x1: number; y1: number; x2: number; y2: number }[] {
  return readFileSync(PETS_GT, 'utf8')
    .split('\n')
    .map((l) => l.split(',').map(Number))
    .filter((r) => r[0] === frame)
    .map((r) => ({ x1: r[2]!, y1: r[3]!, x2: r[2]! + r[4]!, y2: r[3]! + r[5]! }));
}

/** Initialises TFJS with the wasm backend (the reference implementation). */
export async function initTfjs(): Promise<typeof tf> {
  if (tf.getBackend() !== 'wasm') {
    setWasmPaths(`${join(REPO_ROOT, 'node_modules/@tensorflow/tfjs-backend-wasm/dist')}/`);
    await tf.setBackend('wasm');
    await tf.ready();
  }
  return tf;
}

/** Loads TFJS artifacts (graph or layers) into TFJS from memory. */
export async function tfjsModel(art: TfjsArtifacts): Promise<tf.GraphModel | tf.LayersModel> {
  const io = tf.io.fromMemory({
    modelTopology: art.modelTopology as never,
    weightSpecs: art.weightSpecs as never,
    weightData: art.weightData.slice().buffer as ArrayBuffer,
  });
  return art.format === 'graph-model' ? tf.loadGraphModel(io) : tf.loadLayersModel(io);
}

/** max |a − b| / max |b| (error relative to the output's range), and max |a − b|. */
export function relativeError(a: ArrayLike<number>, b: ArrayLike<number>): { rel: number; abs: number } {
  if (a.length !== b.length) throw new Error(`length ${a.length} vs ${b.length}`);
  let abs = 0,
    ref = 0;
  for (let i = 0; i < a.length; i++) {
    abs = Math.max(abs, Math.abs(a[i]! - b[i]!));
    ref = Math.max(ref, Math.abs(b[i]!));
  }
  return { rel: ref === 0 ? abs : abs / ref, abs };
}
