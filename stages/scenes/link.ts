/**
 * Shot linking (the overlapping-links idea of Hanjalic, Lagendijk & Biemond, "Automated
 * high-level movie segmentation", 1999): a shot edge is crossed by a link when some shot
 * shortly before it and some shot shortly after it look alike (or show the same person).
 * A scene boundary can only lie on an edge that no link crosses — so a dialogue's
 * alternating shots, and an A-B-A return after a cutaway, stay one scene. Each edge looks at
 * a bounded window of shots on each side: the work is linear in the number of shots.
 */
import type { ScenesConfig } from './config';
import { dot, type ShotSignal } from './signals';

/** The strongest link across one shot edge (edge b lies between shot b−1 and shot b). */
export interface EdgeLink {
  /** Index of the first shot after the edge. */
  edge: number;
  /** The highest pair similarity across the edge; undefined when no pair could be compared. */
  strength: number | undefined;
  /** Shot pairs compared for this edge (bounded by windowShots²: the stage stays linear). */
  pairs: number;
}

/**
 * Similarity of two shots: the cosine of their mean frame features, plus a bonus when a
 * person is seen in both, minus a penalty when both show people but none in common; undefined when a shot lacks enough frame features and no person
 * is shared (nothing to say either way).
 */
export function shotSimilarity(a: ShotSignal, b: ShotSignal, config: ScenesConfig): number | undefined {
  const shared = sharesIdentity(a.identities, b.identities);
  const comparable =
    a.appearance &&
    b.appearance &&
    a.appearanceSeconds >= config.minAppearanceSeconds &&
    b.appearanceSeconds >= config.minAppearanceSeconds;
  if (!comparable) return shared ? config.linkCosine : undefined;
  const others = !shared && a.identities.length > 0 && b.identities.length > 0;
  return dot(a.appearance!, b.appearance!) + (shared ? config.sameIdentityBonus : 0) - (others ? config.otherPeoplePenalty : 0);
}

/** Whether two ascending id lists have an id in common (a merge walk). */
function sharesIdentity(a: readonly number[], b: readonly number[]): boolean {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) return true;
    if (a[i]! < b[j]!) i++;
    else j++;
  }
  return false;
}

/**
 * The strongest link across every shot edge, for edges 1..n−1. Shots before edge b
 * that end within `windowSec` of it (at most `windowShots` of them) are compared with the
 * shots after it that start within `windowSec` (at most `windowShots`).
 */
export function edgeLinks(shots: readonly ShotSignal[], config: ScenesConfig): EdgeLink[] {
  const links: EdgeLink[] = [];
  for (let b = 1; b < shots.length; b++) {
    const before = windowBefore(shots, b, config);
    const after = windowAfter(shots, b, config);
    let strength: number | undefined;
    for (const i of before) {
      for (const j of after) {
        const s = shotSimilarity(shots[i]!, shots[j]!, config);
        if (s !== undefined && (strength === undefined || s > strength)) strength = s;
      }
    }
    links.push({ edge: b, strength, pairs: before.length * after.length });
  }
  return links;
}

function windowBefore(shots: readonly ShotSignal[], b: number, config: ScenesConfig): number[] {
  const edgeSec = shots[b - 1]!.endSec;
  const out: number[] = [];
  for (let i = b - 1; i >= 0 && out.length < config.windowShots; i--) {
    if (shots[i]!.endSec < edgeSec - config.windowSec) break;
    out.push(i);
  }
  return out;
}

function windowAfter(shots: readonly ShotSignal[], b: number, config: ScenesConfig): number[] {
  const edgeSec = shots[b]!.startSec;
  const out: number[] = [];
  for (let j = b; j < shots.length && out.length < config.windowShots; j++) {
    if (shots[j]!.startSec > edgeSec + config.windowSec) break;
    out.push(j);
  }
  return out;
}
