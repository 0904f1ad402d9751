import type { TracksFile } from '../contracts/tracks';
import type { ModelRef } from './tasks';
import { z } from 'zod';
import type { ChunkPlan, ChunkPlanOptions, VideoProbe } from '../contracts/video';
import type { ShotsFile } from '../contracts/shots';
import type { AnswerFunction } from './answer-function';
import type { TrainFunction } from '../tasks/train-function';
import type { AnalysisTask } from './model';
import type { BlobStore, ByteRange } from '../ports/blob-store';
import type { EventPublisher } from '../ports/events';
import type { MetadataStore } from '../ports/metadata-store';
import type { Presigner } from '../ports/presigner';
import type { WorkQueue } from '../ports/work-queue';

const MiB = 1024 * 1024;

/**
 * Platform limits and defaults, parsed once at start-up (env → zod). The same values are
 * enforced by the API when an upload is declared and again by ingest when it lands.
 */
export const PlatformConfigSchema = z.object({
  /** Largest accepted source (20 GiB: a feature film at high bitrate). */
  maxUploadBytes: z
    .number()
    .int()
    .positive()
    .default(20 * 1024 * MiB),
  /** Uploads above this size get a multipart plan (S3 advises multipart above ~100 MB). */
  multipartThresholdBytes: z
    .number()
    .int()
    .positive()
    .default(100 * MiB),
  /** Preferred part size; the presigner may raise it (S3: ≥ 5 MiB, ≤ 10,000 parts). */
  partBytes: z
    .number()
    .int()
    .positive()
    .default(16 * MiB),
  allowedContentTypes: z
    .array(z.string())
    .default([
      'video/mp4',
      'video/quicktime',
      'video/x-matroska',
      'video/webm',
      'video/x-msvideo',
      'video/mpeg',
      'application/octet-stream',
    ]),
  /** Lifetime of upload and download URLs (15 min, the S3 console default). */
  urlTtlSec: z.number().int().min(1).max(43_200).default(900),
  /** Deliveries of a task before it goes to the dead-letter queue (SQS maxReceiveCount). */
  maxAttempts: z.number().int().min(1).max(100).default(3),
  /** Default chunk length and overlap when a video does not set its own. */
  chunkSec: z.number().positive().default(60),
  overlapSec: z.number().nonnegative().default(2),
});
export type PlatformConfig = z.infer<typeof PlatformConfigSchema>;

/** The queues of the platform: GPU work (chunks) and CPU work (probe, merge). */
export interface TaskQueues {
  cpu: WorkQueue;
  gpu: WorkQueue;
}

/** Everything a use case may touch; adapters are chosen by whoever builds this. */
export interface PlatformDeps {
  blobs: BlobStore;
  meta: MetadataStore;
  queues: TaskQueues;
  presigner: Presigner;
  events: EventPublisher;
  config: PlatformConfig;
  /** Injected clock, so tests can expire URLs and order records. */
  now: () => Date;
}

/** What the merge stage returns: `shotsFile` always, other `{name}File` artifacts as stages land. */
export interface MergeOutput {
  shotsFile: ShotsFile;
  [artifact: `${string}File`]: unknown;
  /** Merged tracks, when the chunks ran detection (also summarised into track-summary.json). */
  tracksFile?: TracksFile;
  /** The encoded long-term feature bank, when the chunks sampled bank features. */
  featureBank?: { safetensors: Uint8Array; indexJson: string };
  /** The JPEGs `thumbnailsFile` (→ thumbnails.json) indexes, stored as `thumbnails.jpgs`. */
  thumbnailPack?: Uint8Array;
}

/** Input of the per-chunk stage function (stages/pipeline.ts `analyzeChunk`). */
export interface AnalyzeChunkRequest {
  sourcePath: string;
  probe: VideoProbe;
  plan: ChunkPlan;
  chunkIndex: number;
  /** What the client asked for (the video record's `tasks`); stages beyond shots run only when needed. */
  tasks?: readonly AnalysisTask[];
  /** The video's `options.detectFps` (detections per second), when it set one. */
  detectFps?: number;
  threads?: number;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

/**
 * The stage functions a worker runs, injected so `core` stays free of ffmpeg and models:
 * the worker wires `stages/`, tests may wire fakes. Results are JSON and deterministic.
 */
export interface StageFunctions {
  probe(path: string, options: { signal?: AbortSignal }): Promise<VideoProbe>;
  planChunks(probe: VideoProbe, options: Partial<ChunkPlanOptions>): ChunkPlan;
  analyzeChunk(request: AnalyzeChunkRequest): Promise<unknown>;
  /**
   * The byte ranges of the source a chunk's decode reads (container index + its keyframe
   * spans), so a remote store fetches only those; undefined when the whole file is needed.
   */
  sourceRanges?(probe: VideoProbe, chunk: ChunkPlan['chunks'][number]): readonly ByteRange[] | undefined;
  mergeChunks(input: { probe: VideoProbe; plan: ChunkPlan; chunkResults: unknown[]; videoId: string }): Promise<MergeOutput> | MergeOutput;
  /** The transformer stage from a stored feature bank (answers tasks); absent until wired. */
  answer?: AnswerFunction;
  /** The model version `answer` serves (read from its manifest, without loading it). */
  answerModel?: () => ModelRef;
  /** Fits a task head on span embeddings with cross-validation (train tasks); absent until wired. */
  train?: TrainFunction;
}

/** What a running task may use besides the platform: cancellation, progress, scratch space. */
export interface TaskContext {
  signal: AbortSignal;
  /** Fraction 0..1 of the current task; the worker throttles writes. */
  onProgress: (fraction: number) => void;
  scratchDir: string;
}
