/**
 * What the scenes stage knows about each shot, gathered from artifacts the merge already
 * holds: the mean whole-frame MobileNetV2 feature of the feature bank's seconds inside the
 * shot, the people (identities) seen in it, its length and the transition that enters it.
 * Pure; nothing here decodes video.
 */
import type { FeatureBank } from '../../core/contracts/feature-bank';
import type { IdentitiesFile } from '../../core/contracts/identities';
import type { ShotsFile, TransitionType } from '../../core/contracts/shots';

/** The frame encoder the stage reads (stages/features/from-tracks.ts `FRAME_ENCODER`). */
export const FRAME_APPEARANCE_ENCODER = 'mobilenet-v2-frame';

/** One shot as the stage sees it. */
export interface ShotSignal {
  index: number;
  startSec: number;
  endSec: number;
  /** L2-normalised mean of the frame features of the bank seconds inside the shot; absent when none. */
  appearance?: Float32Array;
  /** How many bank seconds went into `appearance`. */
  appearanceSeconds: number;
  /** Identity ids seen in the shot, ascending. */
  identities: number[];
  /** The transition that ends the shot before this one (`start` for the first shot). */
  entry: TransitionType | 'start';
}

/** Which signals were present: frame appearance and identities (for `scenes.json` method). */
export function presentSignals(shots: readonly ShotSignal[], identities: IdentitiesFile | undefined): string[] {
  const out: string[] = ['shots'];
  if (shots.some((s) => s.appearance)) out.push('frame-appearance');
  if (identities) out.push('identities');
  return out;
}

/**
 * One signal per shot of `shotsFile`. The bank's second `s` stands for time
 * `originSec + s`; it counts for the shot whose frames contain that time (seconds inside a
 * gradual transition count for no shot, as their frames blend two shots).
 */
export function shotSignals(shotsFile: ShotsFile, bank?: FeatureBank, identities?: IdentitiesFile): ShotSignal[] {
  const { shots } = shotsFile;
  const appearance = bank ? frameAppearance(shotsFile, bank) : [];
  const people = identitiesByShot(identities);
  const entries = entryTypes(shotsFile);
  return shots.map((shot, k) => ({
    index: shot.index,
    startSec: shot.startSec,
    endSec: shot.endSec,
    ...(appearance[k]?.vector ? { appearance: appearance[k].vector } : {}),
    appearanceSeconds: appearance[k]?.seconds ?? 0,
    identities: [...(people.get(shot.index) ?? [])].sort((a, b) => a - b),
    entry: k === 0 ? 'start' : (entries[k] ?? 'cut'),
  }));
}

/** The type of the transition that ends shot k−1, per shot k (by frame: it starts where that shot ends). */
function entryTypes(shotsFile: ShotsFile): (TransitionType | undefined)[] {
  const byStart = new Map(shotsFile.transitions.map((t) => [t.startFrame, t.type] as const));
  return shotsFile.shots.map((_, k) => (k === 0 ? undefined : byStart.get(shotsFile.shots[k - 1]!.endFrame)));
}

function identitiesByShot(identities: IdentitiesFile | undefined): Map<number, Set<number>> {
  const out = new Map<number, Set<number>>();
  for (const person of identities?.identities ?? []) {
    for (const shot of person.shotIds) {
      const set = out.get(shot) ?? new Set<number>();
      set.add(person.id);
      out.set(shot, set);
    }
  }
  return out;
}

/** Per shot: the normalised mean of its seconds' frame features (one pass over the grid). */
function frameAppearance(shotsFile: ShotsFile, bank: FeatureBank): { vector?: Float32Array; seconds: number }[] {
  const rows = bank.frames.find((f) => f.spec.name === FRAME_APPEARANCE_ENCODER);
  const shots = shotsFile.shots;
  const out = shots.map(() => ({ sum: undefined as Float64Array | undefined, seconds: 0 }));
  if (!rows) return out.map(() => ({ seconds: 0 }));
  const dim = rows.spec.dim;
  const fps = shotsFile.video.fps;
  let k = 0;
  for (let s = 0; s < bank.index.grid.count; s++) {
    if (!rows.mask[s]) continue;
    const frame = Math.round((bank.index.grid.originSec + s) * fps);
    while (k < shots.length && shots[k]!.endFrame <= frame) k++;
    const shot = shots[k];
    if (!shot || shot.startFrame > frame) continue;
    const acc = out[k]!;
    acc.sum ??= new Float64Array(dim);
    addNormalised(acc.sum, rows.features, s * dim, dim);
    acc.seconds++;
  }
  return out.map((a) => (a.sum ? { vector: normalised(a.sum), seconds: a.seconds } : { seconds: 0 }));
}

function addNormalised(acc: Float64Array, data: Float32Array, offset: number, dim: number): void {
  let norm = 0;
  for (let i = 0; i < dim; i++) norm += data[offset + i]! ** 2;
  if (norm === 0) return;
  const scale = 1 / Math.sqrt(norm);
  for (let i = 0; i < dim; i++) acc[i] = acc[i]! + data[offset + i]! * scale;
}

function normalised(v: Float64Array): Float32Array {
  let norm = 0;
  for (const x of v) norm += x * x;
  const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  return Float32Array.from(v, (x) => x * scale);
}

/** Cosine of two L2-normalised vectors. */
export function dot(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}
