import type { Transition } from '../../core/contracts/shots';
import { parseOrThrow } from '../../core/validate';
import { createShotDetector, SHOT_FRAME_SPEC, ShotDetectorConfigSchema, type ShotDetectorConfigInput } from '../../stages/shots';
import { resolveParams } from '../../stages/shots/config';
import type { PixelClassifier } from '../../stages/shots/pixel-model';
import { TemporalShotDetector } from '../../stages/shots/temporal-detector';
import type { TemporalClassifier } from '../../stages/shots/temporal-model';
import { buildCellMap, extractFeatures } from '../../stages/shots/features';
import { FeatureWindow } from '../../stages/shots/window';
import { decodeFrames, probe } from '../../stages/video';
import type { Frame } from '../../stages/video/frame';

/** A decoded clip: every frame at the shot detector's size, and its frame rate. */
export interface DecodedClip {
  frames: Frame[];
  fps: number;
}

/** Decodes a whole video at SHOT_FRAME_SPEC through stages/video (the product decoder). */
export async function decodeForShots(path: string): Promise<DecodedClip> {
  const p = await probe(path);
  const frames: Frame[] = [];
  for await (const { frame } of decodeFrames({ path, probe: p, outputs: [{ name: 'shots', ...SHOT_FRAME_SPEC }] })) frames.push(frame);
  return { frames, fps: p.fps };
}

/**
 * Runs a fresh detector over frames [start, end) of a clip as one stream (push each frame,
 * then flush) and returns every transition it reports, in order.
 */
export function detect(
  clip: DecodedClip,
  range: { start?: number; end?: number } = {},
  config: ShotDetectorConfigInput = {},
): Transition[] {
  const detector = createShotDetector(config, clip.fps);
  const out: Transition[] = [];
  const end = Math.min(range.end ?? clip.frames.length, clip.frames.length);
  for (let i = range.start ?? 0; i < end; i++) out.push(...detector.push(clip.frames[i]!));
  out.push(...detector.flush());
  return out;
}

/**
 * Runs a temporal detector (25 fps) over `frames` as one stream with the given models (the
 * shipped temporal model where `temporal` is undefined) and returns every transition.
 */
export function runTemporal(
  frames: readonly Frame[],
  config: ShotDetectorConfigInput,
  temporal: TemporalClassifier | undefined,
  pixel: PixelClassifier,
): Transition[] {
  const params = resolveParams(
    Object.freeze(parseOrThrow(ShotDetectorConfigSchema, { ...config, cutDecision: 'temporal' }, 'config')),
    25,
    temporal,
    pixel,
  );
  const d = new TemporalShotDetector(params);
  return [...frames.flatMap((f) => d.push(f)), ...d.flush()];
}

/**
 * Stand-in models for tests of the temporal detector's decisions (the models are not under
 * test): the temporal model gives frame u P(cut) `cutAt(u)` and P(gradual) 0, the pixel model
 * `answer` wherever it is asked, counting the asks.
 */
export function standInModels(
  cutAt: (u: number) => number,
  answer: number,
): { temporal: TemporalClassifier; pixel: PixelClassifier; asked: () => number } {
  let u = 0;
  let asked = 0;
  const temporal: TemporalClassifier = {
    version: 'test',
    radius: 12,
    probabilities(_window, out) {
      out[0] = cutAt(u);
      out[1] = 0;
      u++;
    },
  };
  const pixel: PixelClassifier = {
    version: 'test',
    half: 8,
    probability: () => {
      asked++;
      return answer;
    },
  };
  return { temporal, pixel, asked: () => asked };
}

/** The detector's declared history and decision delay for a frame rate. */
export function detectorBounds(fps: number, config: ShotDetectorConfigInput = {}): { contextFrames: number; lookBehindFrames: number } {
  const d = createShotDetector(config, fps);
  return { contextFrames: d.contextFrames, lookBehindFrames: d.lookBehindFrames };
}

/** Compact text of transitions for readable assertion diffs: `cut@50`, `dissolve 51–73`. */
export function summarize(transitions: readonly Transition[]): string[] {
  return transitions.map((t) => (t.type === 'cut' ? `cut@${t.startFrame}` : `${t.type} ${t.startFrame}–${t.endFrame}`));
}

/**
 * The shot decisions the behaviour tests run under: the hand-set `rules` (`--shot-decision
 * rules`) and the temporal model of issue 17 (the default), which pass the same fixtures.
 */
export const SHOT_DECISIONS: { cutDecision: 'rules' | 'temporal' }[] = [{ cutDecision: 'rules' }, { cutDecision: 'temporal' }];

/** A 64×36 rgb24 frame at 25 fps: a textured pattern (`seed`) seen from `ox`, then `tone` applied to each value. */
export function texturedFrame(index: number, seed: number, ox: number, tone: (v: number) => number = (v) => v): Frame {
  const data = new Uint8Array(64 * 36 * 3);
  for (let y = 0; y < 36; y++) {
    for (let x = 0; x < 64; x++) {
      const v = 90 + 50 * Math.sin((x + ox) / (3 + seed)) * Math.cos(y / (4 + seed)) + ((((x + ox) >> 3) + (y >> 3)) % 2) * 20;
      data.fill(Math.max(0, Math.min(255, Math.round(tone(v)))), 3 * (y * 64 + x), 3 * (y * 64 + x) + 3);
    }
  }
  return { index, sec: index / 25, width: 64, height: 36, format: 'rgb24', data };
}

/** A shot detector's feature window holding every frame of `frames` (64×36). */
export function featureWindowOf(frames: readonly Frame[]): FeatureWindow {
  const win = new FeatureWindow(frames.length + 1, 0, false);
  const map = buildCellMap(64, 36);
  for (const f of frames) win.push(extractFeatures(f, map));
  return win;
}

/**
 * A 64×36 rgb24 frame at 25 fps viewing `src` (a 160-wide luma scene) from (ox, oy), its light
 * scaled by `gain`; black where there is no scene.
 */
export function sceneView(index: number, src: Float64Array | undefined, ox: number, oy: number, gain = 1): Frame {
  const data = new Uint8Array(64 * 36 * 3);
  for (let y = 0; y < 36; y++) {
    for (let x = 0; x < 64; x++) {
      const v = src ? Math.max(0, Math.min(255, Math.round(gain * src[(y + oy) * 160 + x + ox]!))) : 0;
      data.fill(v, 3 * (y * 64 + x), 3 * (y * 64 + x) + 3);
    }
  }
  return { index, sec: index / 25, width: 64, height: 36, format: 'rgb24', data };
}

/** A textured scene (smooth blobs plus fine detail), larger than the view, seeded. */
export function blobScene(seed: number, width = 160, height = 100): Float64Array {
  const out = new Float64Array(width * height);
  const rnd = (() => {
    let s = seed >>> 0;
    return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296;
  })();
  const blobs = Array.from({ length: 12 }, () => ({ x: rnd() * width, y: rnd() * height, r: 6 + rnd() * 14, v: 40 + rnd() * 180 }));
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let v = 60 + 30 * Math.sin(x / 5 + seed) * Math.cos(y / 7);
      for (const b of blobs) if ((x - b.x) ** 2 + (y - b.y) ** 2 < b.r ** 2) v = b.v;
      out[y * width + x] = v;
    }
  }
  return out;
}
