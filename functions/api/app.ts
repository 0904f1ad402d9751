import { createHash } from 'node:crypto';
import { OpenAPIHono } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { authenticate } from '../../core/jobs/api-keys';
import type { PlatformDeps } from '../../core/jobs/deps';
import { createLogger, type Logger } from '../../core/log';
import { completeUpload, createVideo } from '../../core/jobs/uploads';
import { deleteVideo } from '../../core/jobs/delete';
import { getResults, getScenes, getShots, getTracks, getVideo, listVideos } from '../../core/jobs/views';
import type { ApiEnv } from './api-env';
import { errorBody, respondWithError, validationErrorFrom } from './errors';
import { mountLocalBlobs, type LocalBlobEndpoint } from './local-blobs';
import { registerQueryRoutes } from './query-routes';
import { registerTaskRoutes } from './task-routes';
import * as routes from './routes';
import { mountWebAssets, type WebAsset } from './web';

/** JSON bodies are small (the video goes to the upload URL); 64 KiB is generous. */
const DEFAULT_MAX_JSON_BYTES = 64 * 1024;

export interface ApiOptions {
  deps: PlatformDeps;
  /** The signed local blob endpoint (`lvu serve` only; S3 serves presigned URLs on AWS). */
  localBlobs?: LocalBlobEndpoint;
  maxJsonBytes?: number;
  /** The upload page and results viewer (web/index.html), served at `/` when given. */
  webPage?: string;
  /** The viewer's static files (`loadWebAssets('web')`): `/`, `/web/*.js|css`, the favicon; wins over `webPage`. */
  webAssets?: Record<string, WebAsset>;
  /** Where 500s are logged (never sent to the client). */
  log?: Logger;
}

/**
 * The HTTP API as one Hono app, served by Node (`lvu serve`) and by Lambda (API Gateway
 * HTTP API v2) alike. Handlers are thin: the route schema parses, a use case runs, the
 * result maps to JSON. All routes live under `/v1`; `/v1/openapi.json` documents them.
 *
 * @example
 *   const app = createApiApp({ deps });
 *   const res = await app.request('/v1/videos', { headers: { authorization: `Bearer ${key}` } });
 */
export function createApiApp(options: ApiOptions): OpenAPIHono {
  const log = options.log ?? createLogger();
  const app = new OpenAPIHono();
  const api = new OpenAPIHono<ApiEnv>({
    defaultHook: (result) => {
      if (!result.success) throw validationErrorFrom(result.target, result.error);
    },
  });
  const limit = bodyLimit({
    maxSize: options.maxJsonBytes ?? DEFAULT_MAX_JSON_BYTES,
    onError: (c) =>
      c.json(errorBody('PAYLOAD_TOO_LARGE', `request body over ${options.maxJsonBytes ?? DEFAULT_MAX_JSON_BYTES} bytes`), 413),
  });
  const auth = authMiddleware(options.deps);
  for (const path of ['/videos', '/videos/*', '/queries', '/queries/*', '/tasks', '/tasks/*']) api.use(path, limit, auth);
  registerVideoRoutes(api, options.deps);
  registerQueryRoutes(api, options.deps);
  registerTaskRoutes(api, options.deps);
  api.openapi(routes.healthRoute, (c) => c.json({ ok: true as const }, 200));
  api.openAPIRegistry.registerPath(routes.openApiDocumentRoute);
  api.openAPIRegistry.registerComponent('securitySchemes', 'apiKey', {
    type: 'http',
    scheme: 'bearer',
    description: 'An API key from `lvu keys create`.',
  });
  api.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: { title: 'lvu API', version: '1.0.0', description: 'Upload long videos, follow their analysis, read the results.' },
    servers: [{ url: '/v1' }],
  });
  if (options.localBlobs) mountLocalBlobs(api, options.localBlobs, options.deps);
  app.route('/v1', api);
  const page = options.webPage;
  if (options.webAssets) mountWebAssets(app, options.webAssets);
  else if (page) app.get('/', (c) => c.html(page));
  app.notFound((c) => c.json(errorBody('ROUTE_NOT_FOUND', `no route for ${c.req.method} ${new URL(c.req.url).pathname}`), 404));
  app.onError((err, c) => respondWithError(err, c, log));
  api.onError((err, c) => respondWithError(err, c, log));
  return app;
}

function sha256HexSync(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Resolves `Authorization: Bearer <key>` (or `x-api-key`) to the tenant, or 401. */
function authMiddleware(deps: PlatformDeps): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization');
    const bearer = header?.match(/^Bearer\s+(\S+)$/i)?.[1];
    c.set('principal', await authenticate(deps.meta, bearer ?? c.req.header('x-api-key'), sha256HexSync));
    await next();
  };
}

function registerVideoRoutes(api: OpenAPIHono<ApiEnv>, deps: PlatformDeps): void {
  api.openapi(routes.createVideoRoute, async (c) => {
    const idempotencyKey = c.req.valid('header')['idempotency-key'];
    return c.json(await createVideo(deps, c.get('principal'), c.req.valid('json'), idempotencyKey), 201);
  });
  api.openapi(routes.completeUploadRoute, async (c) =>
    c.json(await completeUpload(deps, c.get('principal'), c.req.valid('param').id, c.req.valid('json')), 202),
  );
  api.openapi(routes.listVideosRoute, async (c) => c.json(await listVideos(deps, c.get('principal'), c.req.valid('query')), 200));
  api.openapi(routes.getVideoRoute, async (c) => c.json(await getVideo(deps, c.get('principal'), c.req.valid('param').id), 200));
  api.openapi(routes.getShotsRoute, async (c) => c.json(await getShots(deps, c.get('principal'), c.req.valid('param').id), 200));
  api.openapi(routes.getScenesRoute, async (c) => c.json(await getScenes(deps, c.get('principal'), c.req.valid('param').id), 200));
  api.openapi(routes.getTracksRoute, async (c) =>
    c.json(await getTracks(deps, c.get('principal'), c.req.valid('param').id, c.req.valid('query')), 200),
  );
  api.openapi(routes.getResultsRoute, async (c) => c.json(await getResults(deps, c.get('principal'), c.req.valid('param').id), 200));
  api.openapi(routes.deleteVideoRoute, async (c) => c.json(await deleteVideo(deps, c.get('principal'), c.req.valid('param').id), 200));
}
