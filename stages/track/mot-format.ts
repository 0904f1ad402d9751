/**
 * MOT Challenge text format: one box per line,
 * `frame(1-based), id, left, top, width, height, conf, x, y, z` (MOT15; MOT16+ ground truth
 * puts class and visibility in the last columns). Parsing validates each row with zod and
 * names the file and line of the first bad one; sequences are grouped by frame into packed
 * typed arrays for the metrics.
 */
import { z } from 'zod';
import { ValidationError } from '../../core/errors';
import type { TrackObservation } from './lifecycle';

/** One parsed MOT row. */
export const MotRowSchema = z.object({
  frame: z.number().int().min(1, 'frame is 1-based'),
  id: z.number().int(),
  left: z.number(),
  top: z.number(),
  width: z.number().nonnegative(),
  height: z.number().nonnegative(),
  conf: z.number(),
});
export type MotRow = z.infer<typeof MotRowSchema>;

/** The boxes of one frame: ids and packed [x1, y1, x2, y2]. */
export interface MotFrame {
  readonly ids: Int32Array;
  readonly boxes: Float64Array;
}

/** A sequence: frame number (1-based) → that frame's boxes. */
export type MotSequence = ReadonlyMap<number, MotFrame>;

/**
 * Parses MOT text. Blank lines are skipped; a line must have 6 to 10 comma-separated
 * numbers (a missing `conf` reads as 1); an id may appear once per frame.
 *
 * @throws ValidationError `file:line: …` naming the first bad line.
 */
export function parseMot(text: string, fileName: string): MotRow[] {
  const rows: MotRow[] = [];
  const seen = new Set<string>();
  const lines = text.split(/\r?\n/);
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n]!.trim();
    if (line === '') continue;
    const row = parseLine(line, `${fileName}:${n + 1}`);
    const key = `${row.frame}/${row.id}`;
    if (seen.has(key)) throw new ValidationError(`${fileName}:${n + 1}: id ${row.id} appears twice in frame ${row.frame}`);
    seen.add(key);
    rows.push(row);
  }
  return rows;
}

function parseLine(line: string, where: string): MotRow {
  const cells = line.split(',').map((c) => c.trim());
  if (cells.length < 6 || cells.length > 10) {
    throw new ValidationError(`${where}: expected 6 to 10 comma-separated values, got ${cells.length}`);
  }
  const nums = cells.map(Number);
  const bad = nums.findIndex((v, i) => cells[i] === '' || !Number.isFinite(v));
  if (bad >= 0) throw new ValidationError(`${where}: column ${bad + 1} is not a number ("${cells[bad]}")`);
  const [frame, id, left, top, width, height, conf = 1] = nums as [number, number, number, number, number, number, number?];
  const result = MotRowSchema.safeParse({ frame, id, left, top, width, height, conf });
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new ValidationError(`${where}: ${issue.path.join('.')}: ${issue.message}`, { cause: result.error });
  }
  return result.data;
}

/**
 * Groups rows by frame. `minConfidence` drops rows below it: ground truth uses conf 0 to
 * mark boxes to ignore (MOT convention; py-motmetrics loads gt with `min_confidence=1`).
 */
export function toSequence(rows: readonly MotRow[], options: { minConfidence?: number } = {}): MotSequence {
  const min = options.minConfidence ?? Number.NEGATIVE_INFINITY;
  const byFrame = new Map<number, MotRow[]>();
  for (const r of rows) {
    if (r.conf < min) continue;
    const list = byFrame.get(r.frame) ?? [];
    list.push(r);
    byFrame.set(r.frame, list);
  }
  const out = new Map<number, MotFrame>();
  for (const [frame, list] of [...byFrame].sort((a, b) => a[0] - b[0])) {
    const ids = new Int32Array(list.length);
    const boxes = new Float64Array(list.length * 4);
    list.forEach((r, i) => {
      ids[i] = r.id;
      boxes.set([r.left, r.top, r.left + r.width, r.top + r.height], 4 * i);
    });
    out.set(frame, { ids, boxes });
  }
  return out;
}

/**
 * Writes observations as MOT text: `frame, id, left, top, width, height, score, -1, -1, -1`,
 * frame = decoded frame index + 1, sorted by frame then id. `useFiltered` writes the Kalman
 * box instead of the detection's.
 */
export function formatMot(observations: readonly TrackObservation[], options: { useFiltered?: boolean } = {}): string {
  const sorted = [...observations].sort((a, b) => a.frameIndex - b.frameIndex || a.trackId - b.trackId);
  const r = (v: number) => String(Math.round(v * 100) / 100);
  return sorted
    .map((o) => {
      const b = options.useFiltered ? o.filteredBox : o.box;
      return [o.frameIndex + 1, o.trackId, r(b[0]!), r(b[1]!), r(b[2]! - b[0]!), r(b[3]! - b[1]!), r(o.score), -1, -1, -1].join(',');
    })
    .map((line) => `${line}\n`)
    .join('');
}

/** Observations → sequence (frame = frameIndex + 1), for evaluating a tracker in memory. */
export function observationsToSequence(observations: readonly TrackObservation[], options: { useFiltered?: boolean } = {}): MotSequence {
  return toSequence(
    observations.map((o) => {
      const b = options.useFiltered ? o.filteredBox : o.box;
      return {
        frame: o.frameIndex + 1,
        id: o.trackId,
        left: b[0]!,
        top: b[1]!,
        width: b[2]! - b[0]!,
        height: b[3]! - b[1]!,
        conf: o.score,
      };
    }),
  );
}
