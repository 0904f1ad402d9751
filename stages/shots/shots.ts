import type { Shot, Transition } from '../../core/contracts/shots';
import { ValidationError } from '../../core/errors';

/**
 * Shots between transitions, as in the ground-truth files: a cut at frame c ends a shot at
 * c (exclusive) and starts the next at c; the frames of a gradual transition belong to no
 * shot. Shot seconds are frame / fps. Transitions may come in any order; overlapping ones
 * are taken in start order and a shot is only emitted when it has at least one frame.
 *
 * @example
 *   shotsFromTransitions([{ type: 'cut', startFrame: 50, endFrame: 50, … }], 100, 25)
 *   // → [{ index: 0, startFrame: 0, endFrame: 50, … }, { index: 1, startFrame: 50, endFrame: 100, … }]
 */
export function shotsFromTransitions(transitions: readonly Transition[], frameCount: number, fps: number): Shot[] {
  if (!(Number.isInteger(frameCount) && frameCount >= 0))
    throw new ValidationError(`frameCount must be a non-negative integer, got ${frameCount}`);
  if (!(Number.isFinite(fps) && fps > 0)) throw new ValidationError(`fps must be positive, got ${fps}`);
  const sorted = [...transitions].sort((a, b) => a.startFrame - b.startFrame || a.endFrame - b.endFrame);
  const shots: Shot[] = [];
  let shotStart = 0;
  const close = (end: number) => {
    const endFrame = Math.min(end, frameCount);
    if (endFrame > shotStart) {
      shots.push({ index: shots.length, startFrame: shotStart, endFrame, startSec: shotStart / fps, endSec: endFrame / fps });
    }
  };
  for (const t of sorted) {
    close(t.startFrame);
    const next = t.type === 'cut' ? t.startFrame : t.endFrame + 1;
    shotStart = Math.max(shotStart, next);
  }
  close(frameCount);
  return shots;
}

/** One chunk's transitions and the frames [ownedStart, ownedEnd) it owns. */
export interface ChunkTransitions {
  ownedStart: number;
  ownedEnd: number;
  transitions: readonly Transition[];
}

/**
 * Joins per-chunk results into the video's transitions: keeps each chunk's transitions
 * whose startFrame lies in its owned range, sorts by start and drops exact duplicates.
 * Owned ranges must not overlap.
 */
export function mergeChunkTransitions(perChunk: readonly ChunkTransitions[]): Transition[] {
  const chunks = [...perChunk].sort((a, b) => a.ownedStart - b.ownedStart);
  for (let i = 1; i < chunks.length; i++) {
    if (chunks[i]!.ownedStart < chunks[i - 1]!.ownedEnd) {
      throw new ValidationError(
        `chunk owned ranges overlap: [${chunks[i - 1]!.ownedStart}, ${chunks[i - 1]!.ownedEnd}) and [${chunks[i]!.ownedStart}, ${chunks[i]!.ownedEnd})`,
      );
    }
  }
  const out: Transition[] = [];
  for (const chunk of chunks) {
    for (const t of chunk.transitions) {
      if (t.startFrame >= chunk.ownedStart && t.startFrame < chunk.ownedEnd) out.push(t);
    }
  }
  out.sort((a, b) => a.startFrame - b.startFrame || a.endFrame - b.endFrame);
  return out.filter((t, i) => i === 0 || !sameTransition(t, out[i - 1]!));
}

function sameTransition(a: Transition, b: Transition): boolean {
  return a.type === b.type && a.startFrame === b.startFrame && a.endFrame === b.endFrame;
}
