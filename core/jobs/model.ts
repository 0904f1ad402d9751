import { z } from 'zod';
import { ShotDecisionSchema } from '../contracts/video';

/**
 * The lifecycle of a video, as clients see it. `processing` carries a `stage`; `done`,
 * `failed` and `deleted` are terminal (only `deleted` may follow `done` or `failed`).
 */
export const VideoStatusSchema = z.enum(['awaiting_upload', 'queued', 'processing', 'done', 'failed', 'deleted']);
export type VideoStatus = z.infer<typeof VideoStatusSchema>;

/** Where a job is inside `processing` (and where it was when it failed). */
export const JobStageSchema = z.enum(['upload', 'probe', 'chunks', 'merge']);
export type JobStage = z.infer<typeof JobStageSchema>;

/** Analyses a client can ask for; `shots` always runs, the others as their stages land. */
export const AnalysisTaskSchema = z.enum(['shots', 'tracks', 'features', 'answers']);
export type AnalysisTask = z.infer<typeof AnalysisTaskSchema>;

/** Per-video processing options a client may set (defaults come from the platform config). */
export const JobOptionsSchema = z
  .object({
    chunkSec: z.number().min(5).max(3600).optional(),
    overlapSec: z.number().min(0).max(60).optional(),
    /**
     * People/object detections per second of video (default 5, see stages/detect/config.ts):
     * cost is linear in it, so hours of footage may ask for less (tracking holds down to
     * about 5/s for walking people; below that, tracks break up more often).
     */
    detectFps: z.number().min(0.1).max(60).optional(),
    /** The shot detector's decision (`rules`, `learned`, `temporal`); default: the detector's default. */
    shotDecision: ShotDecisionSchema.optional(),
  })
  .strict();
export type JobOptions = z.infer<typeof JobOptionsSchema>;

export const ErrorInfoSchema = z.object({
  code: z.string(),
  message: z.string(),
  stage: JobStageSchema.optional(),
});
export type ErrorInfo = z.infer<typeof ErrorInfoSchema>;

export const UploadInfoSchema = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('single') }),
  z.object({
    mode: z.literal('multipart'),
    uploadId: z.string(),
    partBytes: z.number().int().positive(),
    partCount: z.number().int().positive(),
  }),
]);
export type UploadInfo = z.infer<typeof UploadInfoSchema>;

/** A client's own id for a video (set at upload; task label CSVs are mapped by it). */
export const ExternalIdSchema = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces');

/** The video record: one item per video in its tenant's partition. */
export const VideoRecordSchema = z.object({
  videoId: z.string(),
  tenantId: z.string(),
  status: VideoStatusSchema,
  stage: JobStageSchema,
  filename: z.string(),
  bytes: z.number().int().nonnegative(),
  contentType: z.string(),
  tasks: z.array(AnalysisTaskSchema),
  options: JobOptionsSchema,
  upload: UploadInfoSchema,
  chunksTotal: z.number().int().nonnegative().optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
  queuedAt: z.string().optional(),
  startedAt: z.string().optional(),
  finishedAt: z.string().optional(),
  error: ErrorInfoSchema.optional(),
  idempotencyKey: z.string().optional(),
  /** ETag of the source that ingest accepted: a later object-created with another one means the source was replaced. */
  sourceEtag: z.string().optional(),
  externalId: z.string().optional(),
});
export type VideoRecord = z.infer<typeof VideoRecordSchema>;

/** MetadataStore keys. Records of a tenant share a partition; per-video bookkeeping has its own. */
export const Keys = {
  tenant: (tenantId: string) => `tenant#${tenantId}`,
  video: (videoId: string) => `video#${videoId}`,
  videoPrefix: 'video#',
  /** Immutable pointer `video#{id}/owner → tenantId`, for workers that know only the id. */
  owner: 'owner',
  /** The fan-in counter item; its set `chunks` holds the indices of finished chunks. */
  fanIn: 'fanin',
  fanInSet: 'chunks',
  progressPrefix: 'progress#',
  chunkProgress: (index: number) => `progress#chunk#${String(index).padStart(6, '0')}`,
  attempt: (taskKey: string) => `attempt#${taskKey}`,
  idempotency: (key: string) => `idem#${key}`,
  apiKey: (hash: string) => `apikey#${hash}`,
  /** Latest worker heartbeat of a video's running task (`{at, task}`), read by the stuck-job sweep. */
  heartbeat: 'heartbeat',
  /** What the sweep did to a stuck job (`{requeues, at}`). */
  sweep: 'sweep',
  /**
   * Index of unfinished videos (`jobs#active` / `{videoId}` → `{tenantId}`): written when a
   * video is declared, removed when it reaches a terminal status, so the sweep finds stuck
   * jobs and abandoned uploads of every tenant without scanning finished ones.
   */
  activeJobs: 'jobs#active',
} as const;

/** BlobStore keys of one video's artifacts (ARCHITECTURE.md "Artifacts"). */
export const ArtifactKeys = {
  prefix: (videoId: string) => `videos/${videoId}/`,
  source: (videoId: string) => `videos/${videoId}/source`,
  probe: (videoId: string) => `videos/${videoId}/probe.json`,
  plan: (videoId: string) => `videos/${videoId}/plan.json`,
  chunkResult: (videoId: string, index: number) => `videos/${videoId}/chunks/${index}/result.json`,
  shots: (videoId: string) => `videos/${videoId}/shots.json`,
  tracks: (videoId: string) => `videos/${videoId}/tracks.json`,
  identities: (videoId: string) => `videos/${videoId}/identities.json`,
  /** `videos/{id}/answers/{model}@{version}.json`: the transformer stage's answers. */
  answers: (videoId: string, model: { name: string; version: string }) => `videos/${videoId}/answers/${model.name}@${model.version}.json`,
  featureBank: (videoId: string) => `videos/${videoId}/feature-bank.safetensors`,
  /** `videos/{id}/track-summary.json`: people / identities / objects counts for the results route. */
  trackSummary: (videoId: string) => `videos/${videoId}/track-summary.json`,
  /** `videos/{id}/feature-bank.json`: the bank's index (encoders, grid, counts). */
  featureBankIndex: (videoId: string) => `videos/${videoId}/feature-bank.json`,
  /** `videos/{id}/answers/`: every model version's answers. */
  answersPrefix: (videoId: string) => `videos/${videoId}/answers/`,
  /** `videos/{id}/{name}.json` for a merge output named `{name}File`. */
  mergeOutput: (videoId: string, name: string) => `videos/${videoId}/${name}.json`,
} as const;

/** Matches `videos/{videoId}/source` and returns the id (the object-created trigger). */
export function videoIdFromSourceKey(key: string): string | undefined {
  const m = /^videos\/([A-Za-z0-9_-]{1,64})\/source$/.exec(key);
  return m?.[1];
}

/** Ids are safe in URLs and keys: letters, digits, `_` and `-`. */
export const VideoIdSchema = z.string().regex(/^v_[0-9a-z]{26}$/, 'not a video id');

const CROCKFORD = '0123456789abcdefghjkmnpqrstvwxyz';

/** The last id this process made: its millisecond and its 16 random base-32 digits. */
const lastId = { time: -1, digits: new Uint8Array(16) };

/**
 * A new video id, `v_` + 26 base-32 characters: 10 for the millisecond time (so ids sort
 * by creation, newest last) and 16 random. Ids made by this process in the same millisecond
 * (or after the clock stepped back) take the last id's time and its random digits plus one,
 * as ULID's monotonic mode does, so they still sort in the order they were made. Uses the Web
 * Crypto global, no imports.
 */
export function newVideoId(now: Date): string {
  let time = now.getTime();
  const digits = lastId.digits;
  if (time <= lastId.time) {
    time = lastId.time;
    let k = digits.length - 1;
    while (k >= 0 && digits[k] === 31) digits[k--] = 0;
    // All 16 digits at 31 (one chance in 2^80): carry into the next millisecond.
    if (k < 0) time += 1;
    else digits[k]! += 1;
  } else {
    const random = crypto.getRandomValues(new Uint8Array(16));
    for (let i = 0; i < 16; i++) digits[i] = random[i]! % 32;
  }
  lastId.time = time;
  let head = '';
  for (let i = 0, t = time; i < 10; i++) {
    head = CROCKFORD[t % 32] + head;
    t = Math.floor(t / 32);
  }
  return `v_${head}${Array.from(digits, (d) => CROCKFORD[d]).join('')}`;
}
