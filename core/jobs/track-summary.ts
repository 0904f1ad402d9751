import { z } from 'zod';
import type { TracksFile } from '../contracts/tracks';

/**
 * `videos/{id}/track-summary.json`: the counts `GET /videos/{id}/results` shows, computed
 * once by the merge so the results route never parses the whole (large) tracks.json.
 */
export const TrackSummarySchema = z.object({
  people: z.number().int().nonnegative(),
  identities: z.number().int().nonnegative(),
  objectsByClass: z.record(z.string(), z.number().int().nonnegative()),
});
export type TrackSummary = z.infer<typeof TrackSummarySchema>;

/** People tracks, linked identities among them, and other tracks by class name. */
export function summarizeTracks(file: TracksFile): TrackSummary {
  const objectsByClass: Record<string, number> = {};
  for (const t of file.tracks) if (t.classId !== 0) objectsByClass[t.className] = (objectsByClass[t.className] ?? 0) + 1;
  const people = file.tracks.filter((t) => t.classId === 0);
  return { people: people.length, identities: new Set(people.map((t) => t.identityId).filter((i) => i !== null)).size, objectsByClass };
}
