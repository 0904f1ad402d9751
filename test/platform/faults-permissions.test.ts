import { lstat, readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from './helpers/client';
import { threeSceneClip } from './helpers/clips';
import { createKey, removeDir, startServe, tempDir, type ServeHandle } from './helpers/serve';

/** Every entry under `dir` (itself included) with its permission bits, e.g. `blobs/objects 700`. */
async function modesUnder(dir: string): Promise<{ rel: string; kind: 'dir' | 'file'; mode: string }[]> {
  const out: { rel: string; kind: 'dir' | 'file'; mode: string }[] = [];
  const visit = async (abs: string): Promise<void> => {
    const st = await lstat(abs).catch(() => undefined);
    if (!st) return; // removed while we walked (a temp file)
    const mode = (st.mode & 0o777).toString(8);
    out.push({ rel: path.relative(dir, abs) || '.', kind: st.isDirectory() ? 'dir' : 'file', mode });
    if (st.isDirectory()) for (const name of await readdir(abs).catch(() => [])) await visit(path.join(abs, name));
  };
  await visit(dir);
  return out;
}

describe('the data dir is readable by its owner only', () => {
  let serve: ServeHandle;
  let client: ApiClient;
  let dir: string;
  let dataDir: string;
  beforeAll(async () => {
    dir = await tempDir('perms');
    dataDir = `${dir}/data`;
    serve = await startServe({ dataDir, workers: 1 });
    client = new ApiClient(serve.url, await createKey(dataDir, 'acme'));
  });
  afterAll(async () => {
    await serve.stop();
    await removeDir(dir);
  });

  it('after an upload and its analysis: directories 0700, files 0600 (database, WAL, key, blobs)', async () => {
    // Prepare
    const clip = await threeSceneClip(dir);
    // Act: a real upload, analysed by a real worker, then a download (more blobs read/written).
    const created = await client.upload(clip, { options: { chunkSec: 5 } });
    const video = await client.waitFor(created.videoId, ['done', 'failed']);
    const entries = await modesUnder(dataDir);
    // Assess
    expect(video.status).toBe('done');
    const names = entries.map((e) => e.rel);
    for (const expected of ['lvu.db', 'lvu.db-wal', 'lvu.db-shm', 'signing.key', `blobs/objects/videos/${created.videoId}/shots.json`]) {
      expect(names).toContain(expected);
    }
    const wrong = entries.filter((e) => e.mode !== (e.kind === 'dir' ? '700' : '600'));
    expect(wrong).toEqual([]);
  });
});
