import { z } from 'zod';
import { TrackSchema, type Track, type TracksFile } from './tracks';

/**
 * Seconds of video per stored track window (`videos/{id}/track-windows/{k}.json`). A viewer
 * of a 2-hour video asks for the minute or two on screen; 60 s keeps a window file small
 * (a busy minute of 5 fps tracking is a few hundred KB) and a 2-minute request at 2–3 files.
 */
export const TRACK_WINDOW_SEC = 60;

/** Longest span one windowed request may cover (a full-length timeline reads tracks.json instead). */
export const MAX_TRACK_WINDOW_REQUEST_SEC = 900;

/**
 * `GET /videos/{id}/tracks?fromSec=&toSec=` query: both or neither. Neither → the whole
 * tracks.json; both → the tracks on screen in [fromSec, toSec), points outside cut off.
 */
export const TrackWindowQuerySchema = z
  .object({
    fromSec: z.coerce.number().min(0).optional(),
    toSec: z.coerce.number().positive().optional(),
  })
  .strict()
  .superRefine((q, ctx) => {
    if ((q.fromSec === undefined) !== (q.toSec === undefined)) {
      const missing = q.fromSec === undefined ? 'fromSec' : 'toSec';
      ctx.addIssue({
        code: 'custom',
        path: [missing],
        message: `${missing} is required when ${missing === 'fromSec' ? 'toSec' : 'fromSec'} is given`,
      });
      return;
    }
    if (q.fromSec === undefined || q.toSec === undefined) return;
    if (q.toSec <= q.fromSec) ctx.addIssue({ code: 'custom', path: ['toSec'], message: 'toSec must be greater than fromSec' });
    else if (q.toSec - q.fromSec > MAX_TRACK_WINDOW_REQUEST_SEC) {
      ctx.addIssue({
        code: 'custom',
        path: ['toSec'],
        message: `a window may span at most ${MAX_TRACK_WINDOW_REQUEST_SEC} s (asked for ${q.toSec - q.fromSec} s)`,
      });
    }
  });
export type TrackWindowQuery = z.infer<typeof TrackWindowQuerySchema>;

/** The tracks with at least one point in [fromSec, toSec), each cut down to those points. */
export const TrackWindowSchema = z
  .object({
    fromSec: z.number().nonnegative(),
    toSec: z.number().positive(),
    tracks: z.array(TrackSchema),
  })
  .meta({ id: 'TrackWindow', description: 'Tracks on screen in [fromSec, toSec); each track keeps only its points in the window.' });
export type TrackWindow = z.infer<typeof TrackWindowSchema>;

/** One stored window file: the window's tracks, cut to [k·windowSec, (k+1)·windowSec). */
export const StoredTrackWindowSchema = TrackWindowSchema.extend({
  index: z.number().int().nonnegative(),
  windowSec: z.number().positive(),
});
export type StoredTrackWindow = z.infer<typeof StoredTrackWindowSchema>;

/** Cuts tracks down to the points with `fromSec ≤ seconds < toSec`; tracks with none are left out. */
export function tracksInWindow(tracks: readonly Track[], fromSec: number, toSec: number): Track[] {
  const out: Track[] = [];
  for (const t of tracks) {
    const first = t.points[0]!.seconds,
      last = t.points[t.points.length - 1]!.seconds;
    if (last < fromSec || first >= toSec) continue;
    const points = t.points.filter((p) => p.seconds >= fromSec && p.seconds < toSec);
    if (points.length > 0) out.push({ ...t, points });
  }
  return out;
}

/**
 * Splits a tracks file into consecutive windows of `windowSec` (the merge stores each as
 * `track-windows/{k}.json`), covering the whole video even where nothing is tracked.
 *
 * @example
 *   splitTrackWindows(tracksFile).length // ⌈durationSec / 60⌉
 */
export function splitTrackWindows(file: TracksFile, windowSec = TRACK_WINDOW_SEC): StoredTrackWindow[] {
  const count = Math.max(1, Math.ceil(file.video.durationSec / windowSec));
  const windows: StoredTrackWindow[] = [];
  for (let k = 0; k < count; k++) {
    const fromSec = k * windowSec,
      toSec = (k + 1) * windowSec;
    // The last window also takes points stamped at or past the probed duration.
    windows.push({ index: k, windowSec, fromSec, toSec, tracks: tracksInWindow(file.tracks, fromSec, k === count - 1 ? Infinity : toSec) });
  }
  return windows;
}

/**
 * Joins stored windows (ascending, covering [fromSec, toSec)) into one answer: a track that
 * spans windows is put back together, its points cut to the request.
 */
export function joinTrackWindows(windows: readonly StoredTrackWindow[], fromSec: number, toSec: number): TrackWindow {
  const byId = new Map<number, Track>();
  for (const w of windows) {
    for (const t of tracksInWindow(w.tracks, fromSec, toSec)) {
      const seen = byId.get(t.id);
      if (seen) seen.points.push(...t.points);
      else byId.set(t.id, { ...t, points: [...t.points] });
    }
  }
  return { fromSec, toSec, tracks: [...byId.values()].sort((a, b) => a.id - b.id) };
}

/** One track's extent on the timeline (the viewer's lanes and cast come from these, not from every point). */
export const TrackSpanSchema = z.object({
  id: z.number().int().positive(),
  classId: z.number().int().nonnegative(),
  className: z.string(),
  identityId: z.number().int().nonnegative().nullable(),
  startSec: z.number().nonnegative(),
  endSec: z.number().nonnegative(),
  points: z.number().int().positive(),
});
export type TrackSpan = z.infer<typeof TrackSpanSchema>;

/** `track-spans.json`: every track's first and last second, stored by the merge next to the windows. */
export const TrackSpansFileSchema = z
  .object({ windowSec: z.number().positive(), tracks: z.array(TrackSpanSchema) })
  .meta({ id: 'TrackSpansFile' });
export type TrackSpansFile = z.infer<typeof TrackSpansFileSchema>;

/** The spans of a tracks file, in track id order. */
export function trackSpans(file: TracksFile, windowSec = TRACK_WINDOW_SEC): TrackSpansFile {
  return {
    windowSec,
    tracks: file.tracks.map((t) => ({
      id: t.id,
      classId: t.classId,
      className: t.className,
      identityId: t.identityId,
      startSec: t.points[0]!.seconds,
      endSec: t.points[t.points.length - 1]!.seconds,
      points: t.points.length,
    })),
  };
}
