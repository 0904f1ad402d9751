import { openLocalPlatform } from '../../../adapters/local/platform';
import type { ShotsFile } from '../../../core/contracts/shots';
import { THUMBNAILS_PACK_FILE, type ThumbnailsFile } from '../../../core/contracts/thumbnails';
import type { Track, TracksFile } from '../../../core/contracts/tracks';
import { PlatformConfigSchema, type PlatformDeps } from '../../../core/jobs/deps';
import { ArtifactKeys } from '../../../core/jobs/model';
import { summarizeTracks } from '../../../core/jobs/track-summary';
import { putTrackWindows } from '../../../core/jobs/track-windows';
import { createVideo } from '../../../core/jobs/uploads';
import { VideoRepository } from '../../../core/jobs/videos';

/** The artifacts of one finished analysis, as the API serves them. */
export interface Analysis {
  shots: ShotsFile;
  tracks?: TracksFile;
  thumbnails?: ThumbnailsFile;
  pack?: Uint8Array;
  answers?: Record<string, unknown>;
}

/**
 * A long video's results built from a real analysis played back to back until `targetSec`:
 * shots, transitions, tracks and thumbnails repeat with their times, frames and ids offset.
 * Identities recur every `identityCycle` repetitions (a long film sees the same cast again),
 * so the cast grows to `identityCycle` × the clip's identities, not without bound.
 */
export function repeatAnalysis(a: Analysis, targetSec: number, identityCycle = 10): Analysis {
  const v = a.shots.video;
  const n = Math.max(1, Math.ceil(targetSec / v.durationSec));
  const nShots = a.shots.shots.length;
  const maxTrack = Math.max(0, ...(a.tracks?.tracks ?? []).map((t) => t.id));
  const maxIdentity = Math.max(0, ...(a.tracks?.tracks ?? []).map((t) => t.identityId ?? 0));
  const video = { ...v, durationSec: v.durationSec * n, frameCount: v.frameCount * n };
  const at = (r: number) => ({ frames: r * v.frameCount, sec: r * v.durationSec });
  const reps = Array.from({ length: n }, (_, r) => r);
  const shots: ShotsFile = {
    video,
    transitions: reps
      .flatMap((r) =>
        a.shots.transitions.map((t) => ({
          ...t,
          startFrame: t.startFrame + at(r).frames,
          endFrame: t.endFrame + at(r).frames,
          startSec: t.startSec + at(r).sec,
          endSec: t.endSec + at(r).sec,
        })),
      )
      .concat(
        reps.slice(1).map((r) => ({
          type: 'cut' as const,
          startFrame: at(r).frames,
          endFrame: at(r).frames,
          startSec: at(r).sec,
          endSec: at(r).sec,
          confidence: 1,
        })),
      ),
    shots: reps.flatMap((r) =>
      a.shots.shots.map((s) => ({
        index: s.index + r * nShots,
        startFrame: s.startFrame + at(r).frames,
        endFrame: s.endFrame + at(r).frames,
        startSec: s.startSec + at(r).sec,
        endSec: s.endSec + at(r).sec,
      })),
    ),
  };
  shots.transitions.sort((x, y) => x.startFrame - y.startFrame);
  const packBytes = a.pack?.length ?? 0;
  const identityOf = (id: number | null, r: number) => (id === null ? null : id + (r % identityCycle) * maxIdentity);
  const tracks: TracksFile | undefined = a.tracks && {
    video,
    tracks: reps.flatMap((r) =>
      a.tracks!.tracks.map(
        (t): Track => ({
          ...t,
          id: t.id + r * maxTrack,
          identityId: identityOf(t.identityId, r),
          shotIds: t.shotIds.map((s) => s + r * nShots),
          points: t.points.map((p) => ({ ...p, frame: p.frame + at(r).frames, seconds: p.seconds + at(r).sec })),
        }),
      ),
    ),
  };
  const thumbnails: ThumbnailsFile | undefined = a.thumbnails && {
    pack: THUMBNAILS_PACK_FILE,
    shots: reps.flatMap((r) =>
      a.thumbnails!.shots.map((s) => ({
        ...s,
        offset: s.offset + r * packBytes,
        shotIndex: s.shotIndex + r * nShots,
        frame: s.frame + at(r).frames,
        seconds: s.seconds + at(r).sec,
      })),
    ),
    identities: reps.slice(0, Math.min(n, identityCycle)).flatMap((r) =>
      a.thumbnails!.identities.map((i) => ({
        ...i,
        offset: i.offset + r * packBytes,
        identityId: identityOf(i.identityId, r)!,
        trackId: i.trackId + r * maxTrack,
      })),
    ),
  };
  // The pack repeats too, so the viewer loads as many JPEG bytes as a real long video's.
  const pack = a.pack && new Uint8Array(packBytes * n);
  if (pack) for (const r of reps) pack.set(a.pack!, r * packBytes);
  return {
    shots,
    ...(tracks ? { tracks } : {}),
    ...(thumbnails ? { thumbnails } : {}),
    ...(pack ? { pack } : {}),
    ...(a.answers ? { answers: a.answers } : {}),
  };
}

/**
 * Stores an analysis as a finished video of `tenantId` in a `lvu serve` data dir (see
 * `storeDoneVideo`). Returns the video id.
 */
export async function seedDoneVideo(dataDir: string, tenantId: string, filename: string, a: Analysis): Promise<string> {
  const platform = await openLocalPlatform({ dataDir, config: PlatformConfigSchema.parse({}), baseUrl: () => 'http://127.0.0.1' });
  try {
    return await storeDoneVideo(platform.deps, tenantId, filename, a);
  } finally {
    platform.close();
  }
}

/**
 * Stores an analysis as a finished video the way the merge stores it (track windows and
 * spans included). No source blob: putting one would start the real pipeline on it.
 */
export async function storeDoneVideo(deps: PlatformDeps, tenantId: string, filename: string, a: Analysis): Promise<string> {
  const { videoId } = await createVideo(
    deps,
    { tenantId, keyId: 'seed' },
    { filename, bytes: 1, contentType: 'video/mp4', tasks: ['shots', 'tracks', 'features', 'answers'] },
  );
  const json = (key: string, value: unknown) => deps.blobs.put(key, `${JSON.stringify(value)}\n`, { contentType: 'application/json' });
  await json(ArtifactKeys.shots(videoId), a.shots);
  if (a.tracks) {
    await json(ArtifactKeys.tracks(videoId), a.tracks);
    await json(ArtifactKeys.trackSummary(videoId), summarizeTracks(a.tracks));
    await putTrackWindows(deps, videoId, a.tracks);
  }
  if (a.thumbnails && a.pack) {
    await json(ArtifactKeys.mergeOutput(videoId, 'thumbnails'), a.thumbnails);
    await deps.blobs.put(`${ArtifactKeys.prefix(videoId)}${THUMBNAILS_PACK_FILE}`, a.pack, { contentType: 'application/octet-stream' });
  }
  for (const [name, doc] of Object.entries(a.answers ?? {})) await json(`${ArtifactKeys.answersPrefix(videoId)}${name}.json`, doc);
  const repo = new VideoRepository(deps.meta);
  for (const event of [{ type: 'uploaded' }, { type: 'probed', chunksTotal: 1 }, { type: 'chunksDone' }, { type: 'completed' }] as const) {
    await repo.apply(videoId, event, deps.now);
  }
  return videoId;
}
