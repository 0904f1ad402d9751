import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Transition } from '../../core/contracts/shots';
import { mergeChunkTransitions, type ShotDetectorConfigInput } from '../../stages/shots';
import { hasTestData, needsData, testData } from '../helpers/data';
import { lavfiVideo, tempDir } from '../helpers/lavfi';
import { decodeForShots, detect, detectorBounds, SHOT_DECISIONS, summarize, type DecodedClip } from './helpers';

const S = 's=320x180:r=25';
const CLIP = 'shots/shots_dev.mp4';
/** 14.5 s: dissolve at 3 s, fade through black at 6 s, wipe at 9 s, cut at 12 s. */
const SEAMS_GRAPH =
  `testsrc2=${S}:d=4,settb=1/25[a];mandelbrot=${S},trim=duration=4,settb=1/25[b];smptebars=${S}:d=4,noise=alls=8:allf=t,settb=1/25[c];` +
  `rgbtestsrc=${S}:d=4,settb=1/25[d];[a][b]xfade=transition=fade:duration=1:offset=3[ab];[ab][c]xfade=transition=fadeblack:duration=1:offset=6[abc];` +
  `[abc][d]xfade=transition=wipeleft:duration=0.6:offset=9,trim=duration=12,settb=1/25[abcd];testsrc2=${S}:d=2.5,settb=1/25[e];[abcd][e]concat=n=2:v=1,setsar=1[out0]`;

const key = (ts: readonly Transition[]) => ts.map((t) => JSON.stringify(t));

/** Start frames to try: exactly contextFrames before each transition, one earlier, and inside each gradual span. */
function startsFor(full: readonly Transition[], context: number): number[] {
  const starts = full.flatMap((t) => [t.startFrame - context, t.startFrame - context - 1, Math.floor((t.startFrame + t.endFrame) / 2)]);
  return [...new Set(starts.filter((s) => s > 0))].sort((a, b) => a - b);
}

/** End frames (exclusive) to try: just enough look-ahead after each transition, and one frame more. */
function endsFor(full: readonly Transition[], lookBehind: number, frameCount: number): number[] {
  const ends = full.flatMap((t) => [t.startFrame + lookBehind + 1, t.startFrame + lookBehind + 2]);
  return [...new Set(ends.filter((e) => e < frameCount))].sort((a, b) => a - b);
}

/** Splits [0, n) into owned chunks of `length` frames, decoded with the detector's declared margins, and merges them. */
function chunkedRun(clip: DecodedClip, length: number, config: ShotDetectorConfigInput): Transition[] {
  const { contextFrames, lookBehindFrames } = detectorBounds(clip.fps, config);
  const n = clip.frames.length;
  const perChunk = [];
  for (let start = 0; start < n; start += length) {
    const end = Math.min(n, start + length);
    const found = detect(clip, { start: Math.max(0, start - contextFrames), end: Math.min(n, end + lookBehindFrames) }, config);
    perChunk.push({ ownedStart: start, ownedEnd: end, transitions: found });
  }
  return mergeChunkTransitions(perChunk);
}

function expectChunkIndependence(clip: DecodedClip, types: string[], config: ShotDetectorConfigInput = {}): void {
  // Prepare
  const { contextFrames, lookBehindFrames } = detectorBounds(clip.fps, config);
  const full = detect(clip, {}, config);
  expect(
    full.map((t) => t.type),
    'the clip must hold these transitions to test anything',
  ).toEqual(types);

  for (const start of startsFor(full, contextFrames)) {
    // Act
    const late = detect(clip, { start }, config);
    // Assess
    const owned = (ts: readonly Transition[]) => key(ts.filter((t) => t.startFrame >= start + contextFrames));
    expect(owned(late), `stream starting at frame ${start}`).toEqual(owned(full));
  }
  for (const end of endsFor(full, lookBehindFrames, clip.frames.length)) {
    const early = detect(clip, { end }, config);
    const decided = (ts: readonly Transition[]) => key(ts.filter((t) => t.startFrame <= end - 1 - lookBehindFrames));
    expect(decided(early), `stream ending before frame ${end}`).toEqual(decided(full));
  }
  for (const length of [37, 100, 250]) {
    expect(summarize(chunkedRun(clip, length, config)), `chunks of ${length} frames`).toEqual(summarize(full));
    expect(key(chunkedRun(clip, length, config))).toEqual(key(full));
  }
}

describe('shot decisions depend only on a bounded window (chunk independence)', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeAll(async () => ({ dir, cleanup } = await tempDir('lvu-shots-seams-')));
  afterAll(async () => cleanup());

  it.each(SHOT_DECISIONS)(
    'generated clip with a dissolve, a fade, a wipe and a cut: same transitions from any start, end or chunking ($cutDecision)',
    async (config) => {
      const clip = await decodeForShots(await lavfiVideo(join(dir, `seams-${config.cutDecision}.mp4`), SEAMS_GRAPH));
      expectChunkIndependence(clip, ['dissolve', 'fade', 'wipe', 'cut'], config);
    },
  );

  it.skipIf(!hasTestData(CLIP)).each(SHOT_DECISIONS)(
    needsData('shots_dev.mp4: same transitions from any start, end or chunking ($cutDecision)', CLIP),
    async (config) => {
      const path = testData(CLIP)!;
      expectChunkIndependence(
        await decodeForShots(path),
        ['cut', 'dissolve', 'cut', 'fade', 'cut', 'wipe', 'cut', 'dissolve', 'cut', 'fade'],
        config,
      );
    },
  );

  it.each([
    // The temporal model’s window is a fixed number of frames (±12, lags ≤ 8), so only the
    // part of its bounds that covers transitions (in seconds) doubles with the frame rate.
    { cutDecision: 'rules' as const, growth: 1.9 },
    { cutDecision: 'temporal' as const, growth: 1.75 },
  ])('declares bounds that cover the longest gradual transition and scale with fps ($cutDecision)', ({ cutDecision, growth }) => {
    // Prepare / Act
    const at25 = detectorBounds(25, { cutDecision });
    const at50 = detectorBounds(50, { cutDecision });
    // Assess
    expect(at25.contextFrames).toBeGreaterThanOrEqual(40);
    expect(at25.lookBehindFrames).toBeGreaterThanOrEqual(40);
    expect(at50.contextFrames).toBeGreaterThan(growth * at25.contextFrames);
  });
});
