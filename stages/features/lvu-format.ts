/**
 * Export to the lvu research code's per-second instance format (Wu & Krähenbühl, CVPR
 * 2021, `instance_meta`): `videos[video][sec][box] = [shot_id, track_id, semantics]`, with
 * the box key written as in that code (`'%.3f'` of x1,y1,x2,y2 joined by commas, normalised
 * corners). `semantics` is a list of integer labels (by default the detector's class id).
 */
import type { FeatureBank } from '../../core/contracts/feature-bank';

/** One instance entry: [shot_id, track_id, semantics]. */
export type LvuInstanceEntry = [number, number, number[]];

/** `videos[video][sec][box]`. Seconds are JSON object keys (strings), as in JSON anywhere. */
export type LvuResearchFormat = Record<string, Record<string, Record<string, LvuInstanceEntry>>>;

/** Semantics of one bank row (default: `[classId]`). */
export type SemanticsOf = (bank: FeatureBank, row: number) => number[];

/** The box key of the research code: four corners with three decimals. */
function lvuBoxKey(box: Float32Array, row: number): string {
  return [0, 1, 2, 3].map((k) => box[4 * row + k]!.toFixed(3)).join(',');
}

/**
 * Converts banks to the research format. Two instances of a video with the same rounded
 * box at the same second would share a key; the first row (lower track id) is kept and the
 * collision counted in `collisions`.
 *
 * @example
 * const { videos } = toLvuResearchFormat([{ video: 'clip1', bank }]);
 * videos['clip1']['12']['0.100,0.200,0.400,0.900'] // → [shotId, trackId, [classId]]
 */
export function toLvuResearchFormat(
  banks: readonly { video: string; bank: FeatureBank }[],
  semantics: SemanticsOf = (b, i) => [b.classId[i]!],
): { videos: LvuResearchFormat; collisions: number } {
  const videos: LvuResearchFormat = {};
  let collisions = 0;
  for (const { video, bank } of banks) {
    const secs: Record<string, Record<string, LvuInstanceEntry>> = (videos[video] ??= {});
    for (let i = 0; i < bank.index.counts.rows; i++) {
      const boxes = (secs[String(bank.second[i])] ??= {});
      const key = lvuBoxKey(bank.box, i);
      if (boxes[key]) {
        collisions++;
        continue;
      }
      boxes[key] = [bank.shotId[i]!, bank.trackId[i]!, semantics(bank, i)];
    }
  }
  return { videos, collisions };
}
