/**
 * Enforces "a track never crosses a shot boundary" after the fact: when tracking ran
 * before the final shot boundaries were known (per chunk, while `shots.json` is still being
 * merged), any track with observations in two shots is split there, and ids are
 * renumbered by first appearance so the result depends only on the inputs.
 */
import type { TrackObservation } from './lifecycle';

/**
 * Index of the shot containing `frame`, given ascending shot start frames (the first is 0).
 * Binary search; frames before the first start belong to shot 0.
 */
export function shotIndexOf(shotStarts: readonly number[], frame: number): number {
  let lo = 0;
  let hi = shotStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (shotStarts[mid]! <= frame) lo = mid;
    else hi = mid - 1;
  }
  return Math.max(0, lo);
}

/**
 * Splits every track at shot boundaries and renumbers ids 1, 2, … by (first frame, old id,
 * shot). `shotStarts` are the shots' `startFrame`s from `shots.json`, ascending.
 *
 * @example
 *   const safe = splitTracksAtShots(observations, shotsFile.shots.map((s) => s.startFrame));
 */
export function splitTracksAtShots(observations: readonly TrackObservation[], shotStarts: readonly number[]): TrackObservation[] {
  const first = new Map<string, [number, number, number]>();
  const keyed = observations.map((o) => {
    const shot = shotIndexOf(shotStarts, o.frameIndex);
    const key = `${o.trackId}/${shot}`;
    const cur = first.get(key);
    if (!cur || o.frameIndex < cur[0]) first.set(key, [o.frameIndex, o.trackId, shot]);
    return { o, key };
  });
  const order = [...first.entries()].sort((a, b) => a[1][0] - b[1][0] || a[1][1] - b[1][1] || a[1][2] - b[1][2]);
  const newId = new Map(order.map(([key], i) => [key, i + 1]));
  return keyed
    .map(({ o, key }) => ({ ...o, trackId: newId.get(key)! }))
    .sort((a, b) => a.frameIndex - b.frameIndex || a.trackId - b.trackId);
}
