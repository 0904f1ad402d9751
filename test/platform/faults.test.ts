import { writeFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { missingDataMessage, testData } from '../helpers/data';
import { ApiClient, comparableShots } from './helpers/client';
import { threeSceneClip } from './helpers/clips';
import { analyzeWithCli, createKey, removeDir, startServe, startWorker, stopProcess, tempDir, type ServeHandle } from './helpers/serve';

const CLIP = 'shots/shots_dev.mp4';
const source = testData(CLIP);
const skipNote = source ? '' : ` (${missingDataMessage(CLIP)})`;

/** Waits until `read()` matches `pattern` (polling every 10 ms), returning the match. */
async function waitForLog(read: () => string, pattern: RegExp, timeoutMs = 60_000): Promise<RegExpMatchArray> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const m = read().match(pattern);
    if (m) return m;
    if (Date.now() > deadline) throw new Error(`no ${pattern} in:\n${read()}`);
    await sleep(10);
  }
}

describe('fault: a worker killed (SIGKILL) in the middle of a chunk', () => {
  let serve: ServeHandle | undefined;
  let client: ApiClient;
  let cliDir: string;
  beforeAll(async () => {
    if (!source) return;
    cliDir = await tempDir('cli');
    const dataDir = await tempDir('kill');
    // No serve-managed workers: the test owns the worker processes. A short lease (3 s) brings the
    // killed worker's chunk back quickly.
    serve = await startServe({ dataDir, workers: 0, env: { LVU_VISIBILITY_SEC: '3' } });
    client = new ApiClient(serve.url, await createKey(dataDir, 'acme'));
  });
  afterAll(async () => {
    await serve?.stop();
    if (serve) await removeDir(serve.dataDir);
    if (cliDir) await removeDir(cliDir);
  });

  it.skipIf(!source)(`still completes, with results identical to an undisturbed run${skipNote}`, async () => {
    // Prepare
    const first = startWorker(serve!.dataDir, { LVU_VISIBILITY_SEC: '3' });
    const created = await client.upload(source!, { options: { chunkSec: 20 } });
    // Act: kill the worker as soon as it has started a chunk, then bring up a fresh one.
    const [, chunkIndex] = await waitForLog(first.stderr, /chunk (\d+) of \S+ started/);
    first.process.kill('SIGKILL');
    const second = startWorker(serve!.dataDir, { LVU_VISIBILITY_SEC: '3' });
    const video = await client.waitFor(created.videoId, ['done', 'failed']);
    const shots = await client.call('GET', `/videos/${created.videoId}/shots`);
    await stopProcess(second.process);
    // Assess: the killed chunk was delivered again (attempt 2) and the result matches the CLI's.
    expect(first.stderr()).not.toMatch(new RegExp(`chunk ${chunkIndex} of \\S+ done`));
    expect(second.stderr()).toMatch(new RegExp(`chunk ${chunkIndex} of \\S+ done \\(attempt 2\\)`));
    expect(video.status).toBe('done');
    expect(comparableShots(shots.body)).toEqual(comparableShots(await analyzeWithCli(source!, cliDir)));
  });
});

describe('fault: SIGTERM while a chunk runs', () => {
  it.skipIf(!source)(`drains: the worker finishes its chunk, exits 0, and the job completes elsewhere${skipNote}`, async () => {
    const dataDir = await tempDir('drain');
    const serve = await startServe({ dataDir, workers: 0 });
    try {
      const client = new ApiClient(serve.url, await createKey(dataDir, 'acme'));
      const first = startWorker(dataDir);
      const created = await client.upload(source!, { options: { chunkSec: 20 } });
      const [, chunkIndex] = await waitForLog(first.stderr, /chunk (\d+) of \S+ started/);
      const exited = new Promise<number | null>((resolve) => first.process.once('exit', (code) => resolve(code)));
      first.process.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(first.stderr()).toMatch(new RegExp(`chunk ${chunkIndex} of \\S+ done \\(attempt 1\\)`));
      const second = startWorker(dataDir);
      expect((await client.waitFor(created.videoId, ['done', 'failed'])).status).toBe('done');
      await stopProcess(second.process);
    } finally {
      await serve.stop();
      await removeDir(dataDir);
    }
  });
});

describe('fault: a corrupt upload', () => {
  let serve: ServeHandle;
  let client: ApiClient;
  let dir: string;
  beforeAll(async () => {
    dir = await tempDir('corrupt');
    serve = await startServe({ dataDir: `${dir}/data`, workers: 1, env: { LVU_MAX_ATTEMPTS: '2' } });
    client = new ApiClient(serve.url, await createKey(`${dir}/data`, 'acme'));
  });
  afterAll(async () => {
    await serve.stop();
    await removeDir(dir);
  });

  it('fails with a clear error at once (a permanent input error is not retried), while the worker keeps serving others', async () => {
    // Prepare: bytes that claim to be an MP4 but are not a video, and a good clip.
    const corrupt = `${dir}/corrupt.mp4`;
    await writeFile(corrupt, Buffer.concat([Buffer.from('\u0000\u0000\u0000\u0018ftypmp42'), Buffer.alloc(64 * 1024, 7)]));
    const good = await threeSceneClip(dir);
    const workerPid = serve.workerPids().get(1);
    // Act
    const bad = await client.upload(corrupt);
    const fine = await client.upload(good, { options: { chunkSec: 5 } });
    const failed = await client.waitFor(bad.videoId, ['failed', 'done']);
    const done = await client.waitFor(fine.videoId, ['failed', 'done']);
    // Assess
    expect(failed.status).toBe('failed');
    expect(failed.error?.code).toMatch(/^VIDEO_/);
    expect(failed.error?.stage).toBe('probe');
    expect(failed.progress.stages).toEqual({ upload: 'done', probe: 'failed', chunks: 'pending', merge: 'pending' });
    expect(failed.error?.message).toContain('probe task failed');
    expect(serve.stderr().match(new RegExp(`probe of ${bad.videoId} failed`, 'g'))).toHaveLength(1);
    expect(done.status).toBe('done');
    expect(serve.workerPids().get(1)).toBe(workerPid);
    const results = await client.call('GET', `/videos/${bad.videoId}/results`);
    expect(results.status).toBe(409);
  });
});
