/**
 * Stored heads as bytes: the one JSON format of `core/tasks` heads (validated with its zod
 * schema), for callers that keep heads outside the platform's HeadStore (`lvu train head`,
 * `lvu analyze`, which read and write a directory in `cli/heads-dir.ts`). No file I/O here.
 */
import type { StoredHead } from '../../core/tasks/contracts';
import { decodeHead, encodeHead } from '../../core/tasks/head-store';
import type { CvReport } from './cv';

/** JSON text of a stored head. */
export function encodeStoredHead(h: StoredHead): string {
  return encodeHead(h);
}

/** Parses a stored head JSON (validated; errors name the bad field). */
export function decodeStoredHead(json: string, where: string): StoredHead {
  return decodeHead(json, where);
}

/** A CV report as the head contract stores it (NaN, which JSON lacks, becomes null). */
export function cvFigures(cv: CvReport): StoredHead['cv'] {
  const orNull = (v: number) => (Number.isFinite(v) ? v : null);
  return { metric: cv.metric, folds: cv.folds, perFold: cv.perFold, mean: orNull(cv.mean), baseline: orNull(cv.baseline) };
}
