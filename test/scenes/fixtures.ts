import type { IdentitiesFile } from '../../core/contracts/identities';
import type { ShotsFile, Transition } from '../../core/contracts/shots';
import type { VideoProbe } from '../../core/contracts/video';
import { buildFeatureBank, type FrameSample } from '../../stages/features/build';
import { FRAME_ENCODER } from '../../stages/features/from-tracks';
import { shotsFromTransitions } from '../../stages/shots';
import type { ScenesInput } from '../../stages/scenes';
import { mulberry32 } from '../helpers/random';

/** One synthetic shot: where it is (a place id), how long, how it is entered, who is in it. */
export interface ShotSpec {
  place: number;
  sec: number;
  entry?: 'cut' | 'dissolve';
  people?: number[];
}

export const FPS = 25;
/** The stage reads the frame encoder by name; a small dim keeps fixtures fast (benches pass the real 1280). */
const frameSpec = (dim: number) => ({ ...FRAME_ENCODER, dim, dtype: 'F32' as const });
const GRADUAL_FRAMES = 12;

export function fakeProbe(frameCount: number, fps = FPS): VideoProbe {
  return {
    container: 'mp4',
    codec: 'h264',
    width: 640,
    height: 360,
    rotation: 0,
    fps,
    variableFrameRate: false,
    durationSec: frameCount / fps,
    frameCount,
    frameCountExact: true,
    timeBase: { num: 1, den: 12800 },
    startSec: 0,
    containerStartSec: 0,
    keyframeFrames: [0],
    keyframeSecs: [0],
    hasAudio: false,
    bytes: 1,
  };
}

/** A video of the given shots: shots.json, a bank whose frame features are the place's prototype plus noise, identities. */
export function syntheticVideo(
  specs: readonly ShotSpec[],
  options: { seed?: number; noise?: number; bank?: boolean; identities?: boolean; dim?: number } = {},
): ScenesInput {
  const random = mulberry32(options.seed ?? 1);
  const transitions: Transition[] = [];
  const placeOfFrame: number[] = [];
  specs.forEach((s, k) => {
    const frames = Math.round(s.sec * FPS);
    if (k > 0) {
      const start = placeOfFrame.length;
      const gradual = s.entry === 'dissolve';
      const endFrame = gradual ? start + GRADUAL_FRAMES - 1 : start;
      transitions.push({
        type: gradual ? 'dissolve' : 'cut',
        startFrame: start,
        endFrame,
        startSec: start / FPS,
        endSec: endFrame / FPS,
        confidence: 0.9,
      });
      if (gradual) for (let i = 0; i < GRADUAL_FRAMES; i++) placeOfFrame.push(-1);
    }
    for (let i = 0; i < frames; i++) placeOfFrame.push(s.place);
  });
  const frameCount = placeOfFrame.length;
  const video = fakeProbe(frameCount);
  const shotsFile: ShotsFile = { video, transitions, shots: shotsFromTransitions(transitions, frameCount, FPS) };
  const input: ScenesInput = { shotsFile };
  if (options.bank !== false) input.featureBank = bankOf(placeOfFrame, random, options.noise ?? 0.3, options.dim ?? 32);
  if (options.identities !== false) input.identitiesFile = identitiesOf(specs, video);
  return input;
}

function bankOf(placeOfFrame: readonly number[], random: () => number, noise: number, dim: number) {
  const prototypes = new Map<number, Float32Array>();
  const prototype = (place: number) => {
    if (!prototypes.has(place))
      prototypes.set(
        place,
        Float32Array.from({ length: dim }, () => random() - 0.5),
      );
    return prototypes.get(place)!;
  };
  const frames: FrameSample[] = [];
  const durationSec = placeOfFrame.length / FPS;
  for (let t = 0; t < durationSec; t++) {
    const place = placeOfFrame[Math.min(placeOfFrame.length - 1, Math.round(t * FPS))]!;
    const base = place < 0 ? Float32Array.from({ length: dim }, () => random() - 0.5) : prototype(place);
    frames.push({ timeSec: t, values: Float32Array.from(base, (x) => x + noise * (random() - 0.5)) });
  }
  return buildFeatureBank({
    videoId: 'synthetic',
    durationSec,
    tracks: [],
    shots: [],
    encoders: [],
    frameEncoders: [{ spec: frameSpec(dim), samples: frames }],
  });
}

function identitiesOf(specs: readonly ShotSpec[], video: VideoProbe): IdentitiesFile {
  const shotsOf = new Map<number, number[]>();
  specs.forEach((s, k) => s.people?.forEach((p) => shotsOf.set(p, [...(shotsOf.get(p) ?? []), k])));
  return {
    video,
    method: { linkage: 'average', metric: 'cosine', faceThreshold: 0.5, appearanceThreshold: 0.5 },
    identities: [...shotsOf].map(([id, shotIds]) => ({ id, trackIds: [id], shotIds, evidence: 'face' as const, firstSec: 0, lastSec: 1 })),
    descriptors: [],
  };
}

/** Scenes as [firstShot, lastShot] pairs. */
export function shotRanges(file: { scenes: readonly { firstShot: number; lastShot: number }[] }): [number, number][] {
  return file.scenes.map((s) => [s.firstShot, s.lastShot]);
}
