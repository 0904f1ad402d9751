import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Results } from '../../core/api/contracts';
import { missingDataMessage, testData } from '../helpers/data';
import { ApiClient, comparableShots } from './helpers/client';
import { analyzeWithCli, createKey, removeDir, startServe, tempDir, type ServeHandle } from './helpers/serve';

const CLIP = 'shots/shots_dev.mp4';
const source = testData(CLIP);
const skipNote = source ? '' : ` (${missingDataMessage(CLIP)})`;

/** Three chunks of a 53-s clip: the fan-in and the seams are exercised, not just one task. */
const CHUNK_SEC = 20;

const uploadModes = [
  { name: 'a single PUT', env: {}, wantMode: 'single' },
  // 1 MiB parts: the 5 MB clip goes up in five parts through the multipart plan.
  { name: 'a forced multipart plan', env: { LVU_MULTIPART_THRESHOLD_BYTES: '1048576', LVU_PART_BYTES: '1048576' }, wantMode: 'multipart' },
] as const;

describe('lvu serve end to end: upload → event-driven job → results', () => {
  let cliShots: unknown;
  let cliDir: string;
  beforeAll(async () => {
    if (!source) return;
    cliDir = await tempDir('cli');
    cliShots = await analyzeWithCli(source, cliDir);
  });
  afterAll(async () => {
    if (cliDir) await removeDir(cliDir);
  });

  for (const mode of uploadModes) {
    describe(`upload by ${mode.name}`, () => {
      let serve: ServeHandle | undefined;
      let client: ApiClient;
      beforeAll(async () => {
        if (!source) return;
        const dataDir = await tempDir('e2e');
        const key = await createKey(dataDir, 'acme');
        serve = await startServe({ dataDir, workers: 2, env: mode.env });
        client = new ApiClient(serve.url, key);
      });
      afterAll(async () => {
        await serve?.stop();
        if (serve) await removeDir(serve.dataDir);
      });

      it.skipIf(!source)(`reaches done with the CLI's shots, results and a signed artifact link${skipNote}`, async () => {
        // Act
        const created = await client.upload(source!, { options: { chunkSec: CHUNK_SEC } });
        const video = await client.waitFor(created.videoId, ['done', 'failed']);
        const shots = await client.call('GET', `/videos/${created.videoId}/shots`);
        const results = await client.call<Results>('GET', `/videos/${created.videoId}/results`);
        // Assess
        expect(created.upload.mode).toBe(mode.wantMode);
        expect(video).toMatchObject({
          status: 'done',
          progress: {
            chunksTotal: 3,
            chunksDone: 3,
            fraction: 1,
            stages: { upload: 'done', probe: 'done', chunks: 'done', merge: 'done' },
          },
        });
        expect(shots.status).toBe(200);
        expect(comparableShots(shots.body)).toEqual(comparableShots(cliShots));
        expect(results.body.summary.shots).toBe((cliShots as { shots: unknown[] }).shots.length);
        const download = await fetch(results.body.artifacts['shots']!.url);
        expect(await download.json()).toEqual(shots.body);
        const sourceBack = await fetch(results.body.artifacts['source']!.url, { headers: { range: 'bytes=0-1023' } });
        expect(sourceBack.status).toBe(206);
        expect(Buffer.from(await sourceBack.arrayBuffer())).toEqual((await readFile(source!)).subarray(0, 1024));
      });

      it.skipIf(!source)(`serves the upload page and results viewer at /${skipNote}`, async () => {
        const page = await fetch(`${serve!.url}/`);
        expect(page.headers.get('content-type')).toContain('text/html');
        expect(await page.text()).toContain('<title>lvu');
      });

      it.skipIf(!source)(`writes the artifacts under videos/{id}/ and removes them all on DELETE${skipNote}`, async () => {
        const created = await client.upload(source!, { options: { chunkSec: CHUNK_SEC } });
        await client.waitFor(created.videoId, ['done']);
        const blobDir = path.join(serve!.dataDir, 'blobs', 'objects', 'videos', created.videoId);
        const { readdir } = await import('node:fs/promises');
        expect((await readdir(blobDir)).sort()).toEqual([
          'chunks',
          'plan.json',
          'probe.json',
          'shots.json',
          'source',
          'thumbnails.jpgs',
          'thumbnails.json',
        ]);
        const first = await client.call('DELETE', `/videos/${created.videoId}`);
        const again = await client.call('DELETE', `/videos/${created.videoId}`);
        expect([first.status, again.status]).toEqual([200, 200]);
        expect((await client.call('GET', `/videos/${created.videoId}`)).status).toBe(404);
        await expect(readdir(blobDir)).rejects.toThrow();
      });
    });
  }
});
