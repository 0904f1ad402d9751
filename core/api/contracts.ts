import { z } from 'zod';
import { AnswersFileSchema } from '../contracts/answers';
import {
  AnalysisTaskSchema,
  ErrorInfoSchema,
  ExternalIdSchema,
  JobOptionsSchema,
  JobStageSchema,
  VideoIdSchema,
  VideoStatusSchema,
} from '../jobs/model';

/**
 * The HTTP API's request and response bodies, shared by the handlers, the OpenAPI document
 * (`/v1/openapi.json`, generated from these schemas) and clients. `.meta({ id })` names
 * the OpenAPI component.
 */

export const ErrorBodySchema = z
  .object({
    error: z.object({
      code: z.string().meta({ example: 'VALIDATION_FAILED' }),
      message: z.string(),
      details: z.record(z.string(), z.unknown()).optional(),
    }),
  })
  .meta({ id: 'Error', description: 'Every error: a stable code, a message, and details such as the zod paths of bad fields.' });

export const CreateVideoRequestSchema = z
  .object({
    filename: z
      .string()
      .min(1)
      .max(255)
      // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point of this pattern
      .regex(/^[^/\\\u0000-\u001f]+$/, 'no slashes or control characters'),
    bytes: z.number().int().positive(),
    contentType: z.string().min(1).max(127),
    tasks: z.array(AnalysisTaskSchema).min(1).max(4).optional(),
    options: JobOptionsSchema.optional(),
    /** The client's own id for the video (e.g. a YouTube id): task label CSVs are mapped to videos by it. */
    externalId: ExternalIdSchema.optional(),
  })
  .strict()
  .meta({ id: 'CreateVideoRequest' });
export type CreateVideoRequest = z.infer<typeof CreateVideoRequestSchema>;

const UrlWithExpiry = { url: z.string(), expiresAt: z.string() };

export const SingleUploadSchema = z
  .object({ mode: z.literal('single'), method: z.literal('PUT'), ...UrlWithExpiry, headers: z.record(z.string(), z.string()) })
  .meta({ id: 'SingleUpload', description: 'PUT the whole file to `url` with `headers`.' });

export const MultipartUploadSchema = z
  .object({
    mode: z.literal('multipart'),
    uploadId: z.string(),
    partBytes: z.number().int().positive(),
    parts: z.array(z.object({ partNumber: z.number().int().positive(), url: z.string() })),
    expiresAt: z.string(),
  })
  .meta({
    id: 'MultipartUpload',
    description: 'PUT bytes [(n-1)·partBytes, n·partBytes) to part n, keep each response ETag, then POST /videos/{id}/complete.',
  });

export const CreateVideoResponseSchema = z
  .object({
    videoId: VideoIdSchema,
    status: VideoStatusSchema,
    upload: z.discriminatedUnion('mode', [SingleUploadSchema, MultipartUploadSchema]),
  })
  .meta({ id: 'CreateVideoResponse' });
export type CreateVideoResponse = z.infer<typeof CreateVideoResponseSchema>;

export const CompleteUploadRequestSchema = z
  .object({
    uploadId: z.string().min(1).max(200),
    parts: z
      .array(z.object({ partNumber: z.number().int().min(1).max(10_000), etag: z.string().min(1).max(200) }).strict())
      .min(1)
      .max(10_000),
  })
  .strict()
  .meta({ id: 'CompleteUploadRequest' });
export type CompleteUploadRequest = z.infer<typeof CompleteUploadRequestSchema>;

export const StageStateSchema = z.enum(['pending', 'running', 'done', 'failed']);

export const ProgressSchema = z
  .object({
    stage: JobStageSchema,
    /** Each stage's state: upload → probe → chunks → merge. */
    stages: z.object({ upload: StageStateSchema, probe: StageStateSchema, chunks: StageStateSchema, merge: StageStateSchema }),
    chunksDone: z.number().int().nonnegative(),
    chunksTotal: z.number().int().nonnegative().nullable(),
    /** 0..1 over the whole job, from finished chunks plus the running chunks' own progress. */
    fraction: z.number().min(0).max(1),
  })
  .meta({ id: 'Progress' });
export type Progress = z.infer<typeof ProgressSchema>;

export const VideoViewSchema = z
  .object({
    videoId: VideoIdSchema,
    filename: z.string(),
    bytes: z.number().int(),
    contentType: z.string(),
    status: VideoStatusSchema,
    progress: ProgressSchema,
    tasks: z.array(AnalysisTaskSchema),
    options: JobOptionsSchema,
    createdAt: z.string(),
    updatedAt: z.string(),
    queuedAt: z.string().optional(),
    startedAt: z.string().optional(),
    finishedAt: z.string().optional(),
    error: ErrorInfoSchema.optional(),
  })
  .meta({ id: 'Video' });
export type VideoView = z.infer<typeof VideoViewSchema>;

export const ListVideosQuerySchema = z
  .object({
    limit: z.coerce.number().int().min(1).max(100).default(20),
    cursor: z.string().min(1).max(1000).optional(),
    status: VideoStatusSchema.optional(),
  })
  .strict();

export const VideoListSchema = z
  .object({
    videos: z.array(VideoViewSchema),
    cursor: z.string().optional().meta({ description: 'Pass as `cursor` for the next page; absent on the last.' }),
  })
  .meta({ id: 'VideoList' });
export type VideoList = z.infer<typeof VideoListSchema>;

export const VideoIdParamsSchema = z.object({ id: VideoIdSchema });

const ArtifactLinkSchema = z.object(UrlWithExpiry).meta({ id: 'ArtifactLink' });

export const ResultsSchema = z
  .object({
    videoId: VideoIdSchema,
    status: VideoStatusSchema,
    summary: z.object({
      durationSec: z.number(),
      frameCount: z.number().int(),
      fps: z.number(),
      width: z.number().int(),
      height: z.number().int(),
      shots: z.number().int(),
      transitions: z.record(z.string(), z.number().int()),
      /** Null until the detection/tracking stages run for this video. */
      people: z.number().int().nullable(),
      identities: z.number().int().nullable(),
      objectsByClass: z.record(z.string(), z.number().int()).nullable(),
    }),
    artifacts: z.record(z.string(), ArtifactLinkSchema),
    /** Filled by the transformer stage: one answers document per `{model}@{version}`. */
    answers: z.record(z.string(), AnswersFileSchema),
  })
  .meta({ id: 'Results', description: 'Stable summary of a finished video, with links to every artifact.' });
export type Results = z.infer<typeof ResultsSchema>;

export const DeleteVideoResponseSchema = z
  .object({ videoId: VideoIdSchema, status: z.literal('deleted') })
  .meta({ id: 'DeleteVideoResponse' });
