import type { Progress, Results, VideoList, VideoView } from '../api/contracts';
import type { AnswersFile } from '../contracts/answers';
import { ShotsFileSchema, type ShotsFile } from '../contracts/shots';
import { SCENES_FILE, ScenesFileSchema, type ScenesFile } from '../contracts/scenes';
import { TrackSummarySchema } from './track-summary';
import type { TrackWindow, TrackWindowQuery } from '../contracts/track-window';
import type { TracksFile } from '../contracts/tracks';
import { readTrackWindow, trackWindowsPrefix } from './track-windows';
import { LvuError, NotFoundError } from '../errors';
import type { Principal } from './api-keys';
import type { PlatformDeps } from './deps';
import { ArtifactKeys, Keys, type VideoRecord, type VideoStatus } from './model';
import { VideoRepository } from './videos';

/** Share of the progress bar per stage: chunks are nearly all the work. */
const PROGRESS_WEIGHTS = { probe: 0.03, chunks: 0.92, merge: 0.05 } as const;

/** The tenant's video or NOT_FOUND (also for deleted videos and other tenants' ids). */
export async function requireVideo(deps: PlatformDeps, principal: Principal, videoId: string): Promise<VideoRecord> {
  const found = await new VideoRepository(deps.meta).getForTenant(principal.tenantId, videoId);
  if (!found || found.record.status === 'deleted') throw new NotFoundError(`video ${videoId} not found`, { details: { videoId } });
  return found.record;
}

/** `GET /videos/{id}`: the record plus live progress (finished chunks + running chunks' share). */
export async function getVideo(deps: PlatformDeps, principal: Principal, videoId: string): Promise<VideoView> {
  const record = await requireVideo(deps, principal, videoId);
  return toView(record, await progressOf(deps, record));
}

/** `GET /videos`: newest first, optional status filter, opaque cursor. */
export async function listVideos(
  deps: PlatformDeps,
  principal: Principal,
  query: { limit: number; cursor?: string; status?: VideoStatus },
): Promise<VideoList> {
  const page = await new VideoRepository(deps.meta).list(principal.tenantId, query);
  const videos = await Promise.all(page.videos.map(async (r) => toView(r, await progressOf(deps, r))));
  return page.cursor ? { videos, cursor: page.cursor } : { videos };
}

/** `GET /videos/{id}/shots`: the `shots.json` artifact once the video is done. */
export async function getShots(deps: PlatformDeps, principal: Principal, videoId: string): Promise<ShotsFile> {
  await requireDone(deps, principal, videoId);
  return ShotsFileSchema.parse(await readJson(deps, ArtifactKeys.shots(videoId)));
}

/**
 * `GET /videos/{id}/scenes`: `scenes.json`, which the merge writes when it builds the
 * feature bank (the `features` or `answers` task); NOT_AVAILABLE otherwise.
 */
export async function getScenes(deps: PlatformDeps, principal: Principal, videoId: string): Promise<ScenesFile> {
  const record = await requireDone(deps, principal, videoId);
  const key = ArtifactKeys.mergeOutput(videoId, SCENES_FILE.replace(/\.json$/, ''));
  if (!(await deps.blobs.head(key))) {
    throw new LvuError(
      'NOT_AVAILABLE',
      `no scenes for this video: scenes.json is produced by the merge of a video analysed with the "features" (or "answers") task; this one asked for ${record.tasks.join(', ')}`,
      {
        details: { videoId, tasks: record.tasks, producedBy: ['features', 'answers'] },
      },
    );
  }
  return ScenesFileSchema.parse(await readJson(deps, key));
}

/**
 * `GET /videos/{id}/tracks`: `tracks.json` when the tracking stage produced one; with
 * `fromSec`/`toSec`, only the tracks on screen in that window (see `readTrackWindow`).
 */
export async function getTracks(
  deps: PlatformDeps,
  principal: Principal,
  videoId: string,
  window: TrackWindowQuery = {},
): Promise<TrackWindow | TracksFile> {
  await requireDone(deps, principal, videoId);
  if (!(await deps.blobs.head(ArtifactKeys.tracks(videoId)))) {
    throw new LvuError('NOT_AVAILABLE', 'no tracks were produced for this video (the tracking stage did not run)', {
      details: { videoId },
    });
  }
  if (window.fromSec !== undefined && window.toSec !== undefined) return readTrackWindow(deps, videoId, window.fromSec, window.toSec);
  // Written by our own merge; not re-validated (a long video's tracks.json is large).
  return (await readJson(deps, ArtifactKeys.tracks(videoId))) as TracksFile;
}

/** `GET /videos/{id}/results`: the stable summary, signed artifact links and answers. */
export async function getResults(deps: PlatformDeps, principal: Principal, videoId: string): Promise<Results> {
  const record = await requireDone(deps, principal, videoId);
  const shots = ShotsFileSchema.parse(await readJson(deps, ArtifactKeys.shots(videoId)));
  const transitions: Record<string, number> = {};
  for (const t of shots.transitions) transitions[t.type] = (transitions[t.type] ?? 0) + 1;
  const v = shots.video;
  return {
    videoId,
    status: record.status,
    summary: {
      durationSec: v.durationSec,
      frameCount: v.frameCount,
      fps: v.fps,
      width: v.width,
      height: v.height,
      shots: shots.shots.length,
      transitions,
      ...(await trackCounts(deps, videoId)),
    },
    artifacts: await artifactLinks(deps, record),
    answers: await storedAnswers(deps, videoId),
  };
}

/** People tracks, identities and objects by class, as the merge summarised them (null when tracking did not run). */
async function trackCounts(
  deps: PlatformDeps,
  videoId: string,
): Promise<Pick<Results['summary'], 'people' | 'identities' | 'objectsByClass'>> {
  if (!(await deps.blobs.head(ArtifactKeys.trackSummary(videoId)))) return { people: null, identities: null, objectsByClass: null };
  return TrackSummarySchema.parse(await readJson(deps, ArtifactKeys.trackSummary(videoId)));
}

/** Every stored answers document, by `{model}@{version}` (answers tasks write them after the merge). */
async function storedAnswers(deps: PlatformDeps, videoId: string): Promise<Results['answers']> {
  const prefix = ArtifactKeys.answersPrefix(videoId);
  const out: Results['answers'] = {};
  for (const key of (await deps.blobs.list(prefix)).sort()) {
    // Written by our own answers stage (AnswersFileSchema); not re-validated on every read.
    if (key.endsWith('.json')) out[key.slice(prefix.length, -'.json'.length)] = (await readJson(deps, key)) as AnswersFile;
  }
  return out;
}

async function artifactLinks(deps: PlatformDeps, record: VideoRecord): Promise<Results['artifacts']> {
  const prefix = ArtifactKeys.prefix(record.videoId);
  const keys = (await deps.blobs.list(prefix)).filter(
    (k) => !k.startsWith(`${prefix}chunks/`) && !k.startsWith(trackWindowsPrefix(record.videoId)),
  );
  const expiresSec = deps.config.urlTtlSec;
  const expiresAt = new Date(deps.now().getTime() + expiresSec * 1000).toISOString();
  const links: Results['artifacts'] = {};
  for (const key of keys) {
    const name = key.slice(prefix.length).replace(/\.json$/, '');
    const downloadName = name === 'source' ? record.filename : key.slice(prefix.length);
    links[name] = { url: await deps.presigner.presignGet(key, { expiresSec, downloadName }), expiresAt };
  }
  return links;
}

/**
 * The tenant's video once it is done. A failed video answers VIDEO_FAILED with its error
 * (code, message, stage): it will never have results, and the client should learn why.
 */
async function requireDone(deps: PlatformDeps, principal: Principal, videoId: string): Promise<VideoRecord> {
  const record = await requireVideo(deps, principal, videoId);
  if (record.status === 'failed') {
    const error = record.error ?? { code: 'FAILED', message: 'no reason was recorded' };
    const where = error.stage ? ` at ${error.stage}` : '';
    throw new LvuError('VIDEO_FAILED', `video ${videoId} failed${where}: ${error.code}: ${error.message}`, {
      details: { videoId, status: record.status, error },
    });
  }
  if (record.status !== 'done') {
    throw new LvuError('NOT_READY', `video ${videoId} is ${record.status}; results exist once it is done`, {
      details: { videoId, status: record.status, ...(record.error ? { error: record.error } : {}) },
    });
  }
  return record;
}

/** Progress from the record, the fan-in set and the running chunks' own progress items. */
async function progressOf(deps: PlatformDeps, record: VideoRecord): Promise<Progress> {
  const total = record.chunksTotal ?? null;
  const base = { stage: record.stage, stages: stageStates(record), chunksTotal: total };
  if (record.status === 'done') return { ...base, chunksDone: total ?? 0, fraction: 1 };
  if (record.status !== 'processing' || total === null) return { ...base, chunksDone: 0, fraction: 0 };
  const pk = Keys.video(record.videoId);
  const done = new Set(await deps.meta.getSet(pk, Keys.fanIn, Keys.fanInSet));
  const running = await deps.meta.query<{ chunkIndex?: number; fraction?: number }>(pk, { skPrefix: Keys.progressPrefix, limit: 1000 });
  let partial = 0;
  for (const item of running.items) {
    const { chunkIndex, fraction } = item.data;
    if (typeof chunkIndex === 'number' && !done.has(String(chunkIndex)) && typeof fraction === 'number') partial += Math.min(1, fraction);
  }
  const chunkShare = total > 0 ? Math.min(1, (done.size + partial) / total) : 0;
  const merged = record.stage === 'merge' ? PROGRESS_WEIGHTS.merge / 2 : 0;
  const fraction = PROGRESS_WEIGHTS.probe + PROGRESS_WEIGHTS.chunks * chunkShare + merged;
  return { ...base, chunksDone: done.size, fraction: Math.min(0.999, Number(fraction.toFixed(4))) };
}

const STAGES = ['upload', 'probe', 'chunks', 'merge'] as const;

/** Stages before the current one are done; the current one runs (or failed); later ones wait. */
function stageStates(record: VideoRecord): Progress['stages'] {
  const current = STAGES.indexOf(record.stage);
  const at = (i: number): Progress['stages']['upload'] => {
    if (record.status === 'done' || i < current) return 'done';
    if (i > current) return 'pending';
    if (record.status === 'failed') return 'failed';
    return record.status === 'awaiting_upload' || record.status === 'queued' ? (i === 0 ? 'running' : 'pending') : 'running';
  };
  return { upload: at(0), probe: at(1), chunks: at(2), merge: at(3) };
}

function toView(r: VideoRecord, progress: Progress): VideoView {
  return {
    videoId: r.videoId,
    filename: r.filename,
    bytes: r.bytes,
    contentType: r.contentType,
    status: r.status,
    progress,
    tasks: r.tasks,
    options: r.options,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    ...(r.queuedAt ? { queuedAt: r.queuedAt } : {}),
    ...(r.startedAt ? { startedAt: r.startedAt } : {}),
    ...(r.finishedAt ? { finishedAt: r.finishedAt } : {}),
    ...(r.error ? { error: r.error } : {}),
  };
}

async function readJson(deps: PlatformDeps, key: string): Promise<unknown> {
  return JSON.parse(new TextDecoder().decode(await deps.blobs.get(key))) as unknown;
}
