import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArtifactKeys } from '../../core/jobs/model';
import { threeSceneClip } from './helpers/clips';
import { deliverAll, drainIngest } from './helpers/deliver';
import { inProcessApi, type InProcessApi } from './helpers/in-process';
import { removeDir, tempDir } from './helpers/serve';

/** Part size of multipart uploads; sources up to two parts are single PUTs (the clip is one). */
const PART = 2 * 1024 * 1024;

let api: InProcessApi;
let dir: string;
let clip: Buffer;
beforeAll(async () => {
  api = await inProcessApi({ multipartThresholdBytes: PART * 2, partBytes: PART });
  dir = await tempDir('hostile-uploads');
  clip = await readFile(await threeSceneClip(dir));
});
afterAll(async () => {
  await api.close();
  await removeDir(dir);
});

async function put(url: string, body: Uint8Array, contentType?: string): Promise<{ status: number; body: any; etag: string | null }> {
  const res = await api.app.request(url, { method: 'PUT', headers: contentType ? { 'content-type': contentType } : {}, body });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined, etag: res.headers.get('etag') };
}

/** Declares `bytes` as a single-PUT upload and PUTs them; returns the id and the (still valid) URL. */
async function uploaded(
  bytes: Uint8Array,
  filename = 'clip.mp4',
  options?: Record<string, unknown>,
): Promise<{ videoId: string; url: string }> {
  const created = await api.call('POST', '/videos', {
    body: { filename, bytes: bytes.length, contentType: 'video/mp4', ...(options ? { options } : {}) },
  });
  expect(created.status).toBe(201);
  expect((await put(created.body.upload.url, bytes, 'video/mp4')).status).toBe(200);
  return { videoId: created.body.videoId, url: created.body.upload.url };
}

const source = async (videoId: string) => api.platform.deps.blobs.head(ArtifactKeys.source(videoId));

describe('signed upload URLs after their upload is over (issue 12 item 8)', () => {
  it('refuses a PUT that would replace the source of a done video (409 UPLOAD_CLOSED), and the source stays', async () => {
    // Prepare: the clip analysed to done with its own upload URL still unexpired.
    const { videoId, url } = await uploaded(clip, 'clip.mp4', { chunkSec: 5 });
    expect(await drainIngest(api.platform)).toEqual(['started']);
    for (let round = 0; round < 4; round++) {
      await deliverAll(api.platform, api.platform.deps.queues.cpu);
      await deliverAll(api.platform, api.platform.deps.queues.gpu);
    }
    expect((await api.call('GET', `/videos/${videoId}`)).body.status).toBe('done');
    expect(clip.length).toBeLessThan(PART * 2);
    const before = await source(videoId);
    // Act: the same URL, other bytes of the same size.
    const res = await put(url, new Uint8Array(clip.length), 'video/mp4');
    // Assess
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'UPLOAD_CLOSED', details: { videoId, status: 'done' } });
    expect(await source(videoId)).toEqual(before);
    expect(Buffer.from(await api.platform.deps.blobs.get(ArtifactKeys.source(videoId))).equals(clip)).toBe(true);
    expect(await drainIngest(api.platform)).toEqual([]);
  });

  it('refuses a second PUT once ingest queued the video', async () => {
    const { videoId, url } = await uploaded(new Uint8Array(100).fill(1));
    expect(await drainIngest(api.platform)).toEqual(['started']);
    const res = await put(url, new Uint8Array(100).fill(2), 'video/mp4');
    expect(res.status).toBe(409);
    expect(res.body.error.details.status).toBe('queued');
    expect(Buffer.from(await api.platform.deps.blobs.get(ArtifactKeys.source(videoId)))).toEqual(Buffer.alloc(100, 1));
  });

  it('still accepts a retried PUT while the video awaits its upload', async () => {
    const { videoId, url } = await uploaded(new Uint8Array(100).fill(1));
    expect((await put(url, new Uint8Array(100).fill(3), 'video/mp4')).status).toBe(200);
    expect(Buffer.from(await api.platform.deps.blobs.get(ArtifactKeys.source(videoId)))).toEqual(Buffer.alloc(100, 3));
    expect(await drainIngest(api.platform)).toEqual(['started', 'replayed']);
  });

  it('does not recreate the source of a deleted video (404), and nothing of it is stored', async () => {
    const created = await api.call('POST', '/videos', { body: { filename: 'gone.mp4', bytes: 100, contentType: 'video/mp4' } });
    const { videoId, upload } = created.body;
    expect((await api.call('DELETE', `/videos/${videoId}`)).status).toBe(200);
    const res = await put(upload.url, new Uint8Array(100), 'video/mp4');
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('NOT_FOUND');
    expect(await api.platform.deps.blobs.list(ArtifactKeys.prefix(videoId))).toEqual([]);
    expect(await drainIngest(api.platform)).toEqual([]);
  });

  it('refuses to rewrite a part of a completed multipart upload, and stores no part again', async () => {
    // Prepare: 3 parts, completed.
    const bytes = new Uint8Array(PART * 2 + 500).map((_, i) => i % 251);
    const created = await api.call('POST', '/videos', { body: { filename: 'big.mp4', bytes: bytes.length, contentType: 'video/mp4' } });
    const { videoId, upload } = created.body;
    const parts = [];
    for (const p of upload.parts)
      parts.push({
        partNumber: p.partNumber,
        etag: (await put(p.url, bytes.subarray((p.partNumber - 1) * PART, p.partNumber * PART))).etag,
      });
    expect((await api.call('POST', `/videos/${videoId}/complete`, { body: { uploadId: upload.uploadId, parts } })).status).toBe(202);
    // Act: before ingest ran, and after.
    const early = await put(upload.parts[0].url, new Uint8Array(PART));
    expect(await drainIngest(api.platform)).toEqual(['started']);
    const late = await put(upload.parts[1].url, new Uint8Array(PART));
    // Assess
    expect([early.status, late.status]).toEqual([409, 409]);
    expect([early.body.error.code, late.body.error.code]).toEqual(['UPLOAD_CLOSED', 'UPLOAD_CLOSED']);
    expect(await api.platform.deps.blobs.list(`multipart/${upload.uploadId}/`)).toEqual([]);
    expect(Buffer.from(await api.platform.deps.blobs.get(ArtifactKeys.source(videoId))).equals(Buffer.from(bytes))).toBe(true);
  });
});
