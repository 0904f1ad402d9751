/**
 * The scenes stage: groups consecutive shots into scenes from what the merge already holds
 * (shots, the feature bank's 1-s whole-frame MobileNetV2 features, identities). Pure and
 * deterministic — the same artifacts give the same `scenes.json`, whatever the chunking —
 * and cheap (milliseconds: no decoding, no model), so the platform runs it at the merge
 * and it can be re-run on stored artifacts.
 *
 * Steps: per-shot signals (signals.ts) → the strongest link across each shot edge
 * (link.ts) → a boundary on each edge no link crosses → scenes shorter than `minSceneSec`
 * merged into the neighbour they are least separated from → scenes tiling the frames.
 */
import type { FeatureBank } from '../../core/contracts/feature-bank';
import type { IdentitiesFile } from '../../core/contracts/identities';
import { SCENES_FORMAT_VERSION, tilingProblem, type Scene, type ScenesFile } from '../../core/contracts/scenes';
import type { ShotsFile } from '../../core/contracts/shots';
import { scenesConfig, type ScenesConfig, type ScenesConfigInput } from './config';
import { edgeLinks, type EdgeLink } from './link';
import { presentSignals, shotSignals, type ShotSignal } from './signals';

/** What the stage reads: shots always; the bank and identities when the analysis has them. */
export interface ScenesInput {
  shotsFile: ShotsFile;
  featureBank?: FeatureBank;
  identitiesFile?: IdentitiesFile;
}

/** A scene boundary before shot `edge`, with its confidence in [0, 1]. */
export interface Boundary {
  edge: number;
  confidence: number;
}

/**
 * Scenes of one video. Thin input is not an error: one shot gives one scene; without frame
 * features or people nothing separates the shots, so they form one scene.
 *
 * @example
 *   const scenes = detectScenes({ shotsFile, featureBank, identitiesFile });
 *   scenes.scenes.map((s) => [s.firstShot, s.lastShot]);
 */
export function detectScenes(input: ScenesInput, config: ScenesConfigInput | ScenesConfig = {}): ScenesFile {
  const cfg = scenesConfig(config);
  const signals = shotSignals(input.shotsFile, input.featureBank, input.identitiesFile);
  const boundaries = keepLongScenes(candidateBoundaries(edgeLinks(signals, cfg), cfg), signals, cfg);
  const scenes = scenesFromBoundaries(input.shotsFile, signals, boundaries);
  const problem = tilingProblem(scenes, input.shotsFile.video.frameCount);
  if (problem) throw new Error(`scenes: internal error, scene ${problem.index} ${problem.message}`);
  return {
    format: 'lvu-scenes',
    version: SCENES_FORMAT_VERSION,
    video: input.shotsFile.video,
    method: { name: 'shot-linking', signals: presentSignals(signals, input.identitiesFile), params: { ...cfg } },
    scenes,
  };
}

/**
 * Edges no link crosses. Confidence: how far the strongest link stays below the threshold,
 * relative to it (0 just below, 1 at cosine 0 or less).
 */
export function candidateBoundaries(links: readonly EdgeLink[], cfg: ScenesConfig): Boundary[] {
  return links
    .filter((l) => l.strength !== undefined && l.strength < cfg.linkCosine)
    .map((l) => ({ edge: l.edge, confidence: clamp01((cfg.linkCosine - l.strength!) / Math.max(cfg.linkCosine, 1e-6)) }));
}

/**
 * Drops boundaries until every scene lasts at least `minSceneSec`: one pass in time order;
 * a scene that is too short loses the weaker of its two boundaries (the first scene can
 * only lose its end, the last only its start). Linear in the number of boundaries.
 */
export function keepLongScenes(boundaries: readonly Boundary[], shots: readonly ShotSignal[], cfg: ScenesConfig): Boundary[] {
  if (shots.length === 0) return [];
  const timeOf = (edge: number) => shots[edge - 1]!.endSec;
  const kept: Boundary[] = [];
  for (const b of boundaries) {
    kept.push(b);
    // The scene that ends at the newest boundary: too short → drop its weaker edge (each boundary is dropped at most once).
    while (kept.length > 0) {
      const top = kept[kept.length - 1]!;
      const prev = kept[kept.length - 2];
      if (timeOf(top.edge) - (prev ? timeOf(prev.edge) : 0) >= cfg.minSceneSec) break;
      if (prev && prev.confidence < top.confidence) kept.splice(kept.length - 2, 1);
      else kept.pop();
    }
  }
  const end = shots[shots.length - 1]!.endSec;
  while (kept.length > 0 && end - timeOf(kept[kept.length - 1]!.edge) < cfg.minSceneSec) kept.pop();
  return kept;
}

/**
 * Scenes from boundaries (edges, ascending): scene k runs from the end of the shot before
 * its first shot (frame 0 for the first scene) to the next scene's start (`frameCount` for
 * the last), so the scenes tile the video and every edge is a shot edge.
 */
export function scenesFromBoundaries(shotsFile: ShotsFile, signals: readonly ShotSignal[], boundaries: readonly Boundary[]): Scene[] {
  const { shots, video } = shotsFile;
  if (shots.length === 0) return [];
  const starts = [{ edge: 0, confidence: 1 }, ...boundaries];
  return starts.map((b, k) => {
    const lastShot = (starts[k + 1]?.edge ?? shots.length) - 1;
    const startFrame = b.edge === 0 ? 0 : shots[b.edge - 1]!.endFrame;
    const next = starts[k + 1];
    const endFrame = next ? shots[next.edge - 1]!.endFrame : video.frameCount;
    const people = new Set<number>();
    for (let i = b.edge; i <= lastShot; i++) for (const id of signals[i]!.identities) people.add(id);
    return {
      index: k,
      firstShot: b.edge,
      lastShot,
      startFrame,
      endFrame,
      startSec: startFrame / video.fps,
      endSec: endFrame / video.fps,
      confidence: round3(b.confidence),
      identityIds: [...people].sort((x, y) => x - y),
    };
  });
}

function clamp01(x: number): number {
  return Math.min(1, Math.max(0, x));
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
