import { fileURLToPath } from 'node:url';
import { availableParallelism } from 'node:os';
import { z } from 'zod';
import { openLocalPlatform } from '../../adapters/local/platform';
import { platformConfigFromEnv } from '../../core/jobs/config';
import { LvuError } from '../../core/errors';
import { loggerFromEnv } from '../../core/log';
import { createApiApp } from '../../functions/api/app';
import { startNodeServer } from '../../functions/api/node';
import { loadWebAssets } from '../../functions/api/web';
import { consumeIngestQueue } from '../../functions/ingest/local-consumer';
import { workerEnv } from '../../gpu-workers/config';
import { superviseWorkers } from '../../gpu-workers/supervisor';
import { parseFlagValues, parseFlags } from '../args';

export const summary =
  'run the platform on this machine: serve [--port 8080] [--host 127.0.0.1] [--data DIR] [--workers N (default: the cores)]';

const PORT_RANGE = 'must be a whole number between 0 and 65535 (0 picks a free port)';

const ServeOptionsSchema = z.object({
  port: z.coerce.number({ error: PORT_RANGE }).int(PORT_RANGE).min(0, PORT_RANGE).max(65_535, PORT_RANGE).default(8080),
  host: z.string().min(1).default('127.0.0.1'),
  data: z.string().min(1),
  workers: z.coerce.number().int().min(0).max(64).default(Math.max(1, availableParallelism())),
});

const BIN = fileURLToPath(new URL('../../bin/lvu.mjs', import.meta.url));
const WEB_DIR = fileURLToPath(new URL('../../web/', import.meta.url));

/**
 * `lvu serve`: the HTTP API (with the signed local blob endpoint), the web page at `/`, the
 * ingest consumer and N worker processes on one data dir. The first stdout line is `listening on http://HOST:PORT`
 * (port 0 picks a free one); then one `worker N pid P` line per worker start. SIGTERM or
 * SIGINT shuts down: stop listening, drain the workers, close the database.
 */
export async function run(argv: string[]): Promise<number> {
  const { values } = parseFlags(argv, {
    port: { type: 'string' },
    host: { type: 'string' },
    data: { type: 'string' },
    workers: { type: 'string' },
  });
  const opts = parseFlagValues(
    ServeOptionsSchema,
    { ...values, data: values.data ?? process.env['LVU_DATA_DIR'] ?? 'lvu-data' },
    'serve options',
  );
  const env = workerEnv(process.env);
  const log = loggerFromEnv(process.env);
  let url = '';
  const platform = await openLocalPlatform({
    dataDir: opts.data,
    config: platformConfigFromEnv(process.env),
    baseUrl: () => url,
    onEvent: (e) => log.info(`event: ${e.type} ${e.videoId}`, { videoId: e.videoId, event: e.type }),
  });
  const { presigner } = platform;
  const app = createApiApp({
    deps: platform.deps,
    localBlobs: {
      verify: (op, key, query) => presigner.verify(op, key, query),
      blobs: platform.deps.blobs,
      scratchDir: platform.scratchDir,
    },
    webAssets: await loadWebAssets(WEB_DIR),
    log,
  });
  const server = await startNodeServer(app, { port: opts.port, host: opts.host }).catch((err: unknown) => {
    platform.close();
    throw listenError(err, opts);
  });
  url = server.url;
  process.stdout.write(`listening on ${url}\n`);
  const stopIngest = new AbortController();
  const ingest = consumeIngestQueue(platform.ingest, platform.deps, { signal: stopIngest.signal, log });
  const workers = superviseWorkers({
    count: opts.workers,
    command: process.execPath,
    args: [BIN, 'worker', '--queue', 'all', '--data', platform.dataDir],
    env: workerThreadsEnv(process.env, opts.workers),
    onStart: (slot, pid) => process.stdout.write(`worker ${slot} pid ${pid}\n`),
    log,
    stopTimeoutMs: (env.LVU_DRAIN_SEC + 5) * 1000,
  });
  await new Promise<void>((resolve) => {
    process.once('SIGTERM', resolve);
    process.once('SIGINT', resolve);
  });
  log.info('serve: shutting down');
  await server.close();
  stopIngest.abort();
  await Promise.all([ingest, workers.stop()]);
  platform.close();
  return 0;
}

/**
 * The workers' environment: each of N worker processes gets its share of the cores for ONNX
 * Runtime's intra-op pool (`LVU_INTRA_OP_THREADS`, unless set), so N workers together keep
 * every core busy without each running a pool as wide as the machine (oversubscribed, each
 * inference gets slower). Chunk tasks decode with one ffmpeg thread (core/jobs/run-tasks.ts).
 */
export function workerThreadsEnv(env: NodeJS.ProcessEnv, workers: number, cores = availableParallelism()): NodeJS.ProcessEnv {
  if (env['LVU_INTRA_OP_THREADS'] !== undefined && env['LVU_INTRA_OP_THREADS'] !== '') return env;
  return { ...env, LVU_INTRA_OP_THREADS: String(Math.max(1, Math.floor(cores / Math.max(1, workers)))) };
}

/** A port that is taken (or not ours to use) as one line saying how to pick another. */
function listenError(err: unknown, opts: { port: number; host: string }): unknown {
  const code = (err as { code?: string })?.code;
  const another = 'pick another with --port <number>, or --port 0 for any free port';
  if (code === 'EADDRINUSE')
    return new LvuError('PORT_IN_USE', `port ${opts.port} on ${opts.host} is taken by another program; ${another}`, { cause: err });
  if (code === 'EACCES')
    return new LvuError('PORT_NOT_ALLOWED', `port ${opts.port} on ${opts.host} needs privileges this user lacks; ${another}`, {
      cause: err,
    });
  if (code === 'EADDRNOTAVAIL')
    return new LvuError(
      'HOST_NOT_AVAILABLE',
      `${opts.host} is not an address of this machine; pass --host 127.0.0.1 or another local address`,
      { cause: err },
    );
  return err;
}
