import type { EncoderSpec } from '../../core/contracts/feature-bank';
import { buildFeatureBank, type BuildFeatureBankInput, type TrackInput } from '../../stages/features/build';
import type { FeatureBank } from '../../core/contracts/feature-bank';

import { mulberry32 as rng } from '../helpers/random';

export { rng };

export const APPEARANCE: EncoderSpec = { name: 'mobilenet-v2', version: '1', dim: 16, dtype: 'F32' };
export const FACE: EncoderSpec = { name: 'faceres', version: '1', dim: 8, dtype: 'F16' };
export const FRAME: EncoderSpec = { name: 'mobilenetv2-frame', version: '1', dim: 12, dtype: 'F32' };

/**
 * A synthetic video: `tracks` instances wandering over `durationSec` seconds at 5 fps
 * detections, appearance at 1 fps (with gaps), faces for people half the time, keypoints
 * for people, shots every 7 s. Deterministic for a seed.
 */
export function syntheticBankInput(seed: number, durationSec = 30, tracks = 6): BuildFeatureBankInput {
  const r = rng(seed);
  const out: TrackInput[] = [];
  const appearance: BuildFeatureBankInput['encoders'][number]['samples'][number][] = [];
  const face: typeof appearance = [];
  for (let id = 1; id <= tracks; id++) {
    const start = Math.floor(r() * durationSec * 0.5);
    const end = Math.min(durationSec - 0.2, start + 5 + r() * durationSec * 0.6);
    const person = id % 2 === 1;
    const dets = [];
    for (let t = start; t < end; t += 0.2) {
      const x = 0.1 + 0.5 * r();
      const y = 0.1 + 0.4 * r();
      const box = [x, y, Math.min(1, x + 0.2), Math.min(1, y + 0.4)] as const;
      const keypoints = person
        ? Float32Array.from({ length: 51 }, (_, k) => (k % 3 === 2 ? r() : k % 3 === 0 ? x + 0.2 * r() : y + 0.4 * r()))
        : undefined;
      dets.push({ timeSec: Math.round(t * 100) / 100, box, score: 0.3 + 0.7 * r(), ...(keypoints ? { keypoints } : {}) });
    }
    out.push({ trackId: id, classId: person ? 0 : 1 + (id % 79), identityId: person ? id % 3 : null, detections: dets });
    for (let t = start; t < end; t += 1)
      if (r() > 0.15)
        appearance.push({ trackId: id, timeSec: t + 0.1, values: Float32Array.from({ length: APPEARANCE.dim }, () => r() - 0.5) });
    if (person)
      for (let t = start; t < end; t += 1)
        if (r() > 0.5) face.push({ trackId: id, timeSec: t, values: Float32Array.from({ length: FACE.dim }, () => r() - 0.5) });
  }
  const shots = Array.from({ length: Math.ceil(durationSec / 7) }, (_, i) => ({
    index: i,
    startSec: i * 7,
    endSec: Math.min(durationSec, (i + 1) * 7),
  }));
  const frames = Array.from({ length: durationSec }, (_, t) => ({
    timeSec: t,
    values: Float32Array.from({ length: FRAME.dim }, () => r()),
  })).filter((_, t) => t % 9 !== 4);
  return {
    videoId: `synthetic-${seed}`,
    durationSec,
    tracks: out,
    shots,
    encoders: [
      { spec: APPEARANCE, samples: appearance },
      { spec: FACE, samples: face },
    ],
    frameEncoders: [{ spec: FRAME, samples: frames }],
    poseFromKeypoints: true,
  };
}

/** The synthetic bank itself. */
export function syntheticBank(seed: number, durationSec = 30, tracks = 6): FeatureBank {
  return buildFeatureBank(syntheticBankInput(seed, durationSec, tracks));
}
