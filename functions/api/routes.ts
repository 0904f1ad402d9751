import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import {
  CompleteUploadRequestSchema,
  CreateVideoRequestSchema,
  CreateVideoResponseSchema,
  DeleteVideoResponseSchema,
  ErrorBodySchema,
  ListVideosQuerySchema,
  ResultsSchema,
  VideoIdParamsSchema,
  VideoListSchema,
  VideoViewSchema,
} from '../../core/api/contracts';
import { ShotsFileSchema } from '../../core/contracts/shots';
import { ScenesFileSchema } from '../../core/contracts/scenes';
import { TrackWindowQuerySchema, TrackWindowSchema } from '../../core/contracts/track-window';
import { TracksFileSchema } from '../../core/contracts/tracks';
import { HealthSchema, OpenApiDocumentSchema } from '../../core/api/service-contracts';
import { VideoStatusSchema } from '../../core/jobs/model';

/**
 * The route table of the HTTP API (paths relative to `/v1`). Request schemas validate;
 * response schemas document (the OpenAPI document is generated from both).
 */
const json = <T extends z.ZodType>(schema: T, description: string) => ({ content: { 'application/json': { schema } }, description });

const errors = {
  400: json(ErrorBodySchema, 'A field is missing, extra or of the wrong type (details.issues names it).'),
  401: json(ErrorBodySchema, 'Missing or invalid API key.'),
  404: json(ErrorBodySchema, 'No such video for this tenant.'),
} as const;

const security = [{ apiKey: [] }];

export const createVideoRoute = createRoute({
  method: 'post',
  path: '/videos',
  operationId: 'createVideo',
  summary: 'Declare an upload',
  description: 'Creates the video record and returns where to upload: one signed URL, or a multipart plan above the size threshold.',
  security,
  request: {
    headers: z.object({ 'idempotency-key': z.string().min(1).max(255).optional() }),
    body: { content: { 'application/json': { schema: CreateVideoRequestSchema } }, required: true },
  },
  responses: {
    201: json(CreateVideoResponseSchema, 'Upload declared.'),
    ...errors,
    409: json(ErrorBodySchema, 'Idempotency-Key reused with a different body.'),
    413: json(ErrorBodySchema, 'Declared size over the limit.'),
    415: json(ErrorBodySchema, 'Content type not accepted.'),
  },
});

export const completeUploadRoute = createRoute({
  method: 'post',
  path: '/videos/{id}/complete',
  operationId: 'completeUpload',
  summary: 'Complete a multipart upload',
  security,
  request: {
    params: VideoIdParamsSchema,
    body: { content: { 'application/json': { schema: CompleteUploadRequestSchema } }, required: true },
  },
  responses: {
    202: json(z.object({ videoId: z.string(), status: VideoStatusSchema }), 'Upload completed; processing starts.'),
    ...errors,
    409: json(ErrorBodySchema, 'Not a multipart upload.'),
  },
});

export const listVideosRoute = createRoute({
  method: 'get',
  path: '/videos',
  operationId: 'listVideos',
  summary: 'List videos (newest first)',
  security,
  request: { query: ListVideosQuerySchema },
  responses: { 200: json(VideoListSchema, 'A page of videos.'), 400: errors[400], 401: errors[401] },
});

export const getVideoRoute = createRoute({
  method: 'get',
  path: '/videos/{id}',
  operationId: 'getVideo',
  summary: 'Status, progress, timestamps and error of one video',
  security,
  request: { params: VideoIdParamsSchema },
  responses: { 200: json(VideoViewSchema, 'The video.'), ...errors },
});

const notReady = {
  409: json(
    ErrorBodySchema,
    'NOT_READY: the video is not done yet (details.status says where it is); VIDEO_FAILED: it failed (details.error: code, message, stage).',
  ),
};

export const getShotsRoute = createRoute({
  method: 'get',
  path: '/videos/{id}/shots',
  operationId: 'getShots',
  summary: 'Shots and transitions (shots.json)',
  security,
  request: { params: VideoIdParamsSchema },
  responses: { 200: json(ShotsFileSchema, 'The shots.json artifact.'), ...errors, ...notReady },
});

export const getScenesRoute = createRoute({
  method: 'get',
  path: '/videos/{id}/scenes',
  operationId: 'getScenes',
  summary: 'Scenes (scenes.json): consecutive shots grouped into scenes, tiling the video',
  description:
    'Every frame lies in exactly one scene and every scene edge is a shot edge; each scene lists its shots, frames, seconds, the confidence of its start and the identities seen in it. Produced by the merge when the video was analysed with the `features` (or `answers`) task; otherwise 404 NOT_AVAILABLE naming that task.',
  security,
  request: { params: VideoIdParamsSchema },
  responses: {
    200: json(ScenesFileSchema.meta({ id: 'ScenesFile' }), 'The scenes.json artifact.'),
    ...errors,
    404: json(
      ErrorBodySchema,
      'NOT_FOUND: no such video for this tenant; NOT_AVAILABLE: the video was not analysed with the features (or answers) task, which produces scenes.',
    ),
    ...notReady,
  },
});

export const getTracksRoute = createRoute({
  method: 'get',
  path: '/videos/{id}/tracks',
  operationId: 'getTracks',
  summary: 'Person and object tracks (tracks.json), or those on screen in a time window, when the tracking stage ran',
  description:
    'Without a query: the whole tracks.json. With `fromSec` and `toSec` (both, at most 900 s apart): the tracks with points in [fromSec, toSec), each cut to those points, read from the per-minute windows the merge stores.',
  security,
  request: { params: VideoIdParamsSchema, query: TrackWindowQuerySchema },
  responses: {
    200: json(
      z.union([TrackWindowSchema, TracksFileSchema.meta({ id: 'TracksFile' })]),
      'A TrackWindow when fromSec/toSec are given, else the tracks.json artifact.',
    ),
    ...errors,
    ...notReady,
  },
});

export const getResultsRoute = createRoute({
  method: 'get',
  path: '/videos/{id}/results',
  operationId: 'getResults',
  summary: 'Summary, artifact links and answers',
  security,
  request: { params: VideoIdParamsSchema },
  responses: { 200: json(ResultsSchema, 'The results.'), ...errors, ...notReady },
});

export const deleteVideoRoute = createRoute({
  method: 'delete',
  path: '/videos/{id}',
  operationId: 'deleteVideo',
  summary: 'Delete a video with every artifact and record (idempotent)',
  security,
  request: { params: VideoIdParamsSchema },
  responses: { 200: json(DeleteVideoResponseSchema, 'Deleted (or already deleted).'), ...errors },
});

export const healthRoute = createRoute({
  method: 'get',
  path: '/health',
  operationId: 'getHealth',
  summary: 'Liveness (no API key)',
  responses: { 200: json(HealthSchema, 'The API answers.') },
});

/** Served by `doc31`; registered so the document lists itself. */
export const openApiDocumentRoute = createRoute({
  method: 'get',
  path: '/openapi.json',
  operationId: 'getOpenApiDocument',
  summary: 'This document (OpenAPI 3.1, no API key)',
  responses: { 200: json(OpenApiDocumentSchema, 'The OpenAPI document.') },
});
