import type { AnswerFunction } from '../../core/jobs/answer-function';
import { indexAnswers } from '../../core/jobs/answers';
import type { PlatformDeps } from '../../core/jobs/deps';
import { ArtifactKeys, newVideoId, type VideoRecord, type VideoStatus } from '../../core/jobs/model';
import type { ModelRef } from '../../core/jobs/tasks';
import { VideoRepository } from '../../core/jobs/videos';
import type { BlobStore } from '../../core/ports/blob-store';

export const V1: ModelRef = { name: 'object-transformer', version: '1' };
export const V2: ModelRef = { name: 'object-transformer', version: '2' };

/** One call the recording store saw. */
export interface BlobCall {
  op: keyof BlobStore;
  key: string;
}

/** Wraps a BlobStore and records every call (operation + key), to prove what was read. */
export function recordingBlobStore(inner: BlobStore): { blobs: BlobStore; calls: BlobCall[] } {
  const calls: BlobCall[] = [];
  const blobs: BlobStore = {
    put: (key, body, options) => (calls.push({ op: 'put', key }), inner.put(key, body, options)),
    putFile: (key, file, options) => (calls.push({ op: 'putFile', key }), inner.putFile(key, file, options)),
    get: (key) => (calls.push({ op: 'get', key }), inner.get(key)),
    getRange: (key, start, end) => (calls.push({ op: 'getRange', key }), inner.getRange(key, start, end)),
    head: (key) => (calls.push({ op: 'head', key }), inner.head(key)),
    list: (prefix) => (calls.push({ op: 'list', key: prefix }), inner.list(prefix)),
    delete: (key) => (calls.push({ op: 'delete', key }), inner.delete(key)),
    deleteByPrefix: (prefix) => (calls.push({ op: 'deleteByPrefix', key: prefix }), inner.deleteByPrefix(prefix)),
    materialize: (key, dir) => (calls.push({ op: 'materialize', key }), inner.materialize(key, dir)),
  };
  return { blobs, calls };
}

/** Calls that read a video's bytes (`videos/{id}/source`): GET, ranged GET or materialize. */
export function sourceReads(calls: readonly BlobCall[]): BlobCall[] {
  return calls.filter((c) => (c.op === 'get' || c.op === 'getRange' || c.op === 'materialize') && /^videos\/[^/]+\/source$/.test(c.key));
}

/**
 * A stand-in for the transformer stage: answers `genre` from the feature bank's bytes (so
 * the answer proves the bank was read) and counts calls per video.
 */
export function fakeAnswerStage(): { answer: AnswerFunction; calls: Map<string, number> } {
  const calls = new Map<string, number>();
  const answer: AnswerFunction = async ({ videoId, model, featureBank }) => {
    calls.set(videoId, (calls.get(videoId) ?? 0) + 1);
    const genre = ['action', 'comedy', 'drama', 'horror'][featureBank[0]! % 4]!;
    const head = { version: 1, model, cv: { metric: 'accuracy', folds: 0, perFold: [], mean: null, baseline: null }, videos: 1 };
    return {
      document: {
        videoId,
        model,
        tasks: { genre: { status: 'ok', kind: 'classification', prediction: genre, probabilities: { [genre]: 1 }, evidence: [], head } },
        userTasks: [],
      },
    };
  };
  return { answer, calls };
}

/**
 * Seeds a finished video as the pipeline leaves it: record `done`, a source, a feature
 * bank (first byte `seed`) and, when `answeredBy` is given, answers from that model plus
 * their index entry.
 */
export async function seedVideo(
  deps: PlatformDeps,
  tenantId: string,
  options: { seed?: number; answeredBy?: ModelRef; status?: VideoStatus; patch?: Partial<VideoRecord> } = {},
): Promise<VideoRecord> {
  const at = deps.now().toISOString();
  const videoId = newVideoId(deps.now());
  const status = options.status ?? 'done';
  const record: VideoRecord = {
    videoId,
    tenantId,
    status,
    stage: status === 'done' ? 'merge' : 'upload',
    filename: `${videoId}.mp4`,
    bytes: 4,
    contentType: 'video/mp4',
    tasks: ['shots', 'answers'],
    options: {},
    upload: { mode: 'single' },
    createdAt: at,
    updatedAt: at,
    ...options.patch,
  };
  await new VideoRepository(deps.meta).create(record);
  if (status !== 'done') return record;
  await deps.blobs.put(ArtifactKeys.source(videoId), new Uint8Array([0, 0, 0, 0]));
  await deps.blobs.put(ArtifactKeys.featureBank(videoId), new Uint8Array([options.seed ?? 0, 1, 2, 3]));
  if (options.answeredBy) {
    await deps.blobs.put(
      ArtifactKeys.answers(videoId, options.answeredBy),
      JSON.stringify({ videoId, model: options.answeredBy, tasks: {}, userTasks: [] }),
    );
    await indexAnswers(deps.meta, { videoId, tenantId, model: options.answeredBy }, deps.now());
  }
  return record;
}
