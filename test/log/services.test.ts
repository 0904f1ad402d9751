import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqsIngestHandler } from '../../adapters/aws/sqs-ingest';
import { openLocalPlatform, type LocalPlatform } from '../../adapters/local/platform';
import type { Principal } from '../../core/jobs/api-keys';
import { createApiKey } from '../../core/jobs/api-keys';
import { PlatformConfigSchema } from '../../core/jobs/deps';
import { createLogger, LogLineSchema, type LogLine } from '../../core/log';
import { createLambdaHandler } from '../../functions/api/lambda-adapter';
import { createScheduleHandler } from '../../functions/schedule/schedule-handler';
import { realStages } from '../../gpu-workers/stages';
import { executeDelivery } from '../../gpu-workers/task-execution';
import { REPO_ROOT } from '../helpers/data';
import { lavfiVideo } from '../helpers/lavfi';
import { ApiClient } from '../platform/helpers/client';
import { noStop, uploadAndIngest } from '../platform/helpers/deliver';
import { createKey, removeDir, startServe, tempDir } from '../platform/helpers/serve';

const principal: Principal = { tenantId: 'acme', keyId: 'test' };

/** A logger whose lines land in `lines`. */
function capture() {
  const lines: string[] = [];
  return { log: createLogger({ level: 'debug', sink: (l) => lines.push(l) }), lines };
}

/** Every line parsed as the one log format (fails naming the first line that is not). */
function parseAll(lines: string[]): LogLine[] {
  return lines.map((line) => {
    const parsed = LogLineSchema.safeParse(
      (() => {
        try {
          return JSON.parse(line);
        } catch {
          return line;
        }
      })(),
    );
    expect(parsed.success, `not a log line: ${line}`).toBe(true);
    return parsed.data!;
  });
}

let dir: string;
let platform: LocalPlatform;
let clip: string;
beforeAll(async () => {
  dir = await tempDir('log');
  clip = await lavfiVideo(
    path.join(dir, 'two-scenes.mp4'),
    'testsrc=s=160x90:r=25:d=2[a];smptebars=s=160x90:r=25:d=2[b];[a][b]concat=n=2:v=1',
    { gop: 25 },
  );
  platform = await openLocalPlatform({
    dataDir: path.join(dir, 'data'),
    config: PlatformConfigSchema.parse({ maxAttempts: 2 }),
    baseUrl: () => 'http://lvu.test',
  });
});
afterAll(async () => {
  platform.close();
  await removeDir(dir);
});

describe('one log format: workers', () => {
  it('every line of a worker running probe, chunk and merge tasks carries videoId, taskId and stage', async () => {
    // Prepare
    const { log, lines } = capture();
    const videoId = await uploadAndIngest(platform, principal, clip, { filename: 'two.mp4' });
    const settings = { visibilitySec: 60, retryBackoffSec: 1, scratchDir: platform.scratchDir, log };
    const stages = realStages();
    // Act: run every task the video needs, as a worker would, plus one malformed message.
    await platform.deps.queues.cpu.send({ type: 'nonsense' });
    for (const queue of [platform.deps.queues.cpu, platform.deps.queues.gpu, platform.deps.queues.cpu]) {
      for (let m = await queue.receive({ visibilitySec: 60 }); m.length > 0; m = await queue.receive({ visibilitySec: 60 })) {
        await executeDelivery(platform.deps, stages, queue, m[0]!, settings, noStop);
      }
    }
    // Assess
    const parsed = parseAll(lines);
    const taskLines = parsed.filter((l) => l.taskId !== undefined);
    expect(parsed.some((l) => l.level === 'warn' && /malformed task/.test(l.msg))).toBe(true);
    expect(taskLines.map((l) => l.stage)).toEqual(expect.arrayContaining(['probe', 'chunk', 'merge']));
    for (const l of taskLines) {
      expect(l.videoId).toBe(videoId);
      expect(l.taskId).toMatch(new RegExp(`^${videoId}/`));
      if (l.stage === 'chunk') expect(l.chunk).toBe(0);
    }
    expect(parsed.filter((l) => / done \(attempt 1\)$/.test(l.msg)).map((l) => l.stage)).toEqual(['probe', 'chunk', 'merge']);
  });
});

describe('one log format: Lambdas', () => {
  it('the API logs an internal error as one line with the request and the video', async () => {
    // Prepare: a platform whose database is closed under the API (every store call throws).
    const { log, lines } = capture();
    const broken = await openLocalPlatform({
      dataDir: path.join(dir, 'broken'),
      config: PlatformConfigSchema.parse({}),
      baseUrl: () => 'http://lvu.test',
    });
    const { apiKey } = await createApiKey(broken.deps.meta, 'acme', new Date());
    const handler = createLambdaHandler({ deps: broken.deps, log });
    broken.close();
    const event = {
      version: '2.0',
      routeKey: '$default',
      rawPath: '/v1/videos/v_abc',
      rawQueryString: '',
      headers: { authorization: `Bearer ${apiKey}`, host: 'lvu.test' },
      requestContext: {
        http: { method: 'GET', path: '/v1/videos/v_abc', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'test' },
        domainName: 'lvu.test',
        requestId: 'r1',
        routeKey: '$default',
        stage: '$default',
        time: '',
        timeEpoch: 0,
        accountId: '1',
        apiId: 'a',
      },
      isBase64Encoded: false,
    };
    // Act
    const res = (await handler(event as never, {} as never)) as { statusCode: number };
    // Assess
    expect(res.statusCode).toBe(500);
    const [line] = parseAll(lines);
    expect(line).toMatchObject({ level: 'error', method: 'GET', path: '/v1/videos/v_abc', videoId: 'v_abc' });
  });

  it('the ingest Lambda logs a bad record with its message id', async () => {
    const { log, lines } = capture();
    const handler = sqsIngestHandler(platform.deps.meta, async () => 'started', log);
    const event = { Records: [{ messageId: 'm-1', body: 'not json' }] } as unknown as SQSEvent;
    const res = await handler(event);
    expect(res.batchItemFailures).toEqual([{ itemIdentifier: 'm-1' }]);
    expect(parseAll(lines)).toEqual([
      expect.objectContaining({ level: 'error', msg: 'ingest record failed', stage: 'ingest', messageId: 'm-1' }),
    ]);
  });

  it('the schedule Lambda logs its batch report as one line', async () => {
    const { log, lines } = capture();
    await createScheduleHandler(platform.deps, { maxItemsPerRun: 10 }, log)({ source: 'test' });
    expect(parseAll(lines)).toEqual([expect.objectContaining({ level: 'info', msg: 'batch run', counts: expect.any(Object) })]);
  });
});

describe('one log format: lvu serve with a worker', () => {
  it('every stderr line (API, ingest, events, the worker process) is a JSON log line', async () => {
    // Prepare
    const serve = await startServe({ dataDir: path.join(dir, 'serve'), workers: 1 });
    try {
      const client = new ApiClient(serve.url, await createKey(path.join(dir, 'serve'), 'acme'));
      // Act
      const created = await client.upload(clip);
      expect((await client.waitFor(created.videoId, ['done', 'failed'])).status).toBe('done');
    } finally {
      await serve.stop();
    }
    // Assess
    const lines = serve
      .stderr()
      .split('\n')
      .filter((l) => l !== '');
    const parsed = parseAll(lines);
    expect(parsed.filter((l) => l.stage === 'ingest').length).toBeGreaterThan(0);
    expect(parsed.filter((l) => l.stage === 'chunk' && l.chunk === 0 && l.taskId !== undefined).length).toBeGreaterThan(0);
    expect(parsed.some((l) => typeof l['pid'] === 'number')).toBe(true);
  });
});

describe('one log format: no other way to log', () => {
  it('services write through core/log only (no console.* or raw stderr writes)', async () => {
    // Prepare
    const roots = ['core', 'functions', 'gpu-workers', 'adapters'];
    const offenders: string[] = [];
    // Act
    for (const root of roots) {
      for (const file of await readdir(path.join(REPO_ROOT, root), { recursive: true })) {
        if (!file.endsWith('.ts') || path.join(root, file) === path.join('core', 'log.ts')) continue;
        const text = await readFile(path.join(REPO_ROOT, root, file), 'utf8');
        text.split('\n').forEach((line, i) => {
          if (/console\.(log|info|warn|error|debug)\(|process\.std(err|out)\.write\(/.test(line) && !/^\s*(\*|\/\/)/.test(line))
            offenders.push(`${root}/${file}:${i + 1}`);
        });
      }
    }
    // Assess
    expect(offenders).toEqual([]);
  });
});
