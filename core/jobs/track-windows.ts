import {
  joinTrackWindows,
  splitTrackWindows,
  StoredTrackWindowSchema,
  TRACK_WINDOW_SEC,
  trackSpans,
  tracksInWindow,
  type StoredTrackWindow,
  type TrackWindow,
} from '../contracts/track-window';
import { TracksFileSchema, type TracksFile } from '../contracts/tracks';
import type { PlatformDeps } from './deps';
import { ArtifactKeys } from './model';

/** `videos/{id}/track-spans.json`: every track's extent, for timelines (see `trackSpans`). */
export const TRACK_SPANS_FILE = 'track-spans.json';

/** `videos/{id}/track-windows/`: the merge's time-windowed copies of tracks.json. */
export const trackWindowsPrefix = (videoId: string): string => `${ArtifactKeys.prefix(videoId)}track-windows/`;

/** `videos/{id}/track-windows/{k}.json` (k zero-padded so keys sort in time order). */
export const trackWindowKey = (videoId: string, index: number): string =>
  `${trackWindowsPrefix(videoId)}${String(index).padStart(5, '0')}.json`;

/**
 * Stores tracks.json again as TRACK_WINDOW_SEC windows, so a viewer of a long video reads
 * the minutes on screen without the server parsing the whole file. Deterministic keys and
 * bytes (a repeated merge overwrites them with the same content). Also stores
 * `track-spans.json`, each track's first and last second.
 */
export async function putTrackWindows(deps: Pick<PlatformDeps, 'blobs'>, videoId: string, file: TracksFile): Promise<number> {
  const windows = splitTrackWindows(file);
  await deps.blobs.put(`${ArtifactKeys.prefix(videoId)}${TRACK_SPANS_FILE}`, `${JSON.stringify(trackSpans(file))}\n`, {
    contentType: 'application/json',
  });
  for (const w of windows) {
    await deps.blobs.put(trackWindowKey(videoId, w.index), `${JSON.stringify(w)}\n`, { contentType: 'application/json' });
  }
  return windows.length;
}

/**
 * The tracks on screen in [fromSec, toSec): read from the stored windows that cover it, or,
 * for a video merged before windows were stored, cut out of tracks.json.
 */
export async function readTrackWindow(
  deps: Pick<PlatformDeps, 'blobs'>,
  videoId: string,
  fromSec: number,
  toSec: number,
): Promise<TrackWindow> {
  const first = Math.floor(fromSec / TRACK_WINDOW_SEC);
  const last = Math.max(first, Math.ceil(toSec / TRACK_WINDOW_SEC) - 1);
  if (!(await deps.blobs.head(trackWindowKey(videoId, 0)))) {
    const file = TracksFileSchema.parse(await readJson(deps, ArtifactKeys.tracks(videoId)));
    return { fromSec, toSec, tracks: tracksInWindow(file.tracks, fromSec, toSec) };
  }
  const windows: StoredTrackWindow[] = [];
  for (let k = first; k <= last; k++) {
    const key = trackWindowKey(videoId, k);
    if (!(await deps.blobs.head(key))) break; // past the end of the video
    windows.push(StoredTrackWindowSchema.parse(await readJson(deps, key)));
  }
  return joinTrackWindows(windows, fromSec, toSec);
}

async function readJson(deps: Pick<PlatformDeps, 'blobs'>, key: string): Promise<unknown> {
  return JSON.parse(new TextDecoder().decode(await deps.blobs.get(key))) as unknown;
}
