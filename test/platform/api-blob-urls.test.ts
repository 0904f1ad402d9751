import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArtifactKeys } from '../../core/jobs/model';
import { drainIngest } from './helpers/deliver';
import { inProcessApi, type InProcessApi } from './helpers/in-process';

const TTL_SEC = 60;
let api: InProcessApi;
beforeAll(async () => {
  api = await inProcessApi({ urlTtlSec: TTL_SEC, multipartThresholdBytes: 3000, partBytes: 1000 });
});
afterAll(async () => api.close());

/** Declares an upload of `bytes` and returns the reply body. */
async function declare(bytes: number): Promise<any> {
  const res = await api.call('POST', '/videos', { body: { filename: 'clip.mp4', bytes, contentType: 'video/mp4' } });
  expect(res.status).toBe(201);
  return res.body;
}

async function put(url: string, body: Uint8Array, contentType = 'video/mp4'): Promise<{ status: number; body: any; etag: string | null }> {
  const res = await api.app.request(url, { method: 'PUT', headers: { 'content-type': contentType }, body });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined, etag: res.headers.get('etag') };
}

describe('signed upload URLs (the local stand-in for S3 presigned URLs)', () => {
  it('accepts the declared bytes once and starts the job', async () => {
    const { videoId, upload } = await declare(100);
    const res = await put(upload.url, new Uint8Array(100));
    expect(res.status).toBe(200);
    expect(res.etag).toMatch(/^".+"$/);
    expect(await drainIngest(api.platform)).toEqual(['started']);
    expect((await api.call('GET', `/videos/${videoId}`)).body.status).toBe('queued');
  });

  it('rejects an expired URL with 403 URL_EXPIRED and stores nothing', async () => {
    const { videoId, upload } = await declare(100);
    api.clock.advance(TTL_SEC + 5);
    const res = await put(upload.url, new Uint8Array(100));
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('URL_EXPIRED');
    expect(await api.platform.deps.blobs.head(ArtifactKeys.source(videoId))).toBeUndefined();
  });

  const tampered: { name: string; edit: (u: URL) => void }[] = [
    { name: 'a raised size limit', edit: (u) => u.searchParams.set('X-Lvu-Max-Bytes', '999999') },
    {
      name: 'a later expiry',
      edit: (u) => u.searchParams.set('X-Lvu-Expires', String(Number(u.searchParams.get('X-Lvu-Expires')) + 3600)),
    },
    { name: 'another key', edit: (u) => (u.pathname = u.pathname.replace('/source', '/shots.json')) },
    { name: 'a forged signature', edit: (u) => u.searchParams.set('X-Lvu-Signature', '00'.repeat(32)) },
  ];
  for (const t of tampered) {
    it(`rejects a URL with ${t.name} (403 SIGNATURE_INVALID)`, async () => {
      const { upload } = await declare(100);
      const url = new URL(upload.url);
      t.edit(url);
      const res = await put(url.toString(), new Uint8Array(100));
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('SIGNATURE_INVALID');
    });
  }

  it('cuts off a body larger than declared with 413 and stores nothing', async () => {
    const { videoId, upload } = await declare(100);
    const res = await put(upload.url, new Uint8Array(5000));
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('PAYLOAD_TOO_LARGE');
    expect(await api.platform.deps.blobs.head(ArtifactKeys.source(videoId))).toBeUndefined();
  });

  it('refuses a different content type than the one signed', async () => {
    const { upload } = await declare(100);
    const res = await put(upload.url, new Uint8Array(100), 'text/html');
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('SIGNATURE_INVALID');
  });

  it('does not let an upload URL read the object back', async () => {
    const { upload } = await declare(100);
    await put(upload.url, new Uint8Array(100));
    await drainIngest(api.platform);
    const res = await api.app.request(upload.url, { method: 'GET' });
    expect(res.status).toBe(403);
  });

  it('marks the video failed (UPLOAD_SIZE_MISMATCH) when fewer bytes than declared landed', async () => {
    const { videoId, upload } = await declare(100);
    expect((await put(upload.url, new Uint8Array(60))).status).toBe(200);
    expect(await drainIngest(api.platform)).toEqual(['rejected']);
    const video = (await api.call('GET', `/videos/${videoId}`)).body;
    expect(video).toMatchObject({ status: 'failed', error: { code: 'UPLOAD_SIZE_MISMATCH', stage: 'upload' } });
  });
});

describe('multipart uploads', () => {
  it('joins the parts in order on complete, then starts the job', async () => {
    const bytes = Uint8Array.from({ length: 3500 }, (_, i) => i % 251);
    const { videoId, upload } = await declare(bytes.length);
    expect(upload.parts).toHaveLength(4);
    const parts = [];
    for (const p of [...upload.parts].reverse()) {
      const res = await put(p.url, bytes.subarray((p.partNumber - 1) * upload.partBytes, p.partNumber * upload.partBytes));
      parts.push({ partNumber: p.partNumber, etag: res.etag });
    }
    const done = await api.call('POST', `/videos/${videoId}/complete`, { body: { uploadId: upload.uploadId, parts } });
    expect(done.status).toBe(202);
    expect(Buffer.from(await api.platform.deps.blobs.get(ArtifactKeys.source(videoId)))).toEqual(Buffer.from(bytes));
    expect(await drainIngest(api.platform)).toEqual(['started']);
    const replay = await api.call('POST', `/videos/${videoId}/complete`, { body: { uploadId: upload.uploadId, parts } });
    expect(replay.body).toEqual({ videoId, status: 'queued' });
  });

  it('rejects a wrong ETag or a missing part with 400 naming the part, and keeps the parts', async () => {
    const { videoId, upload } = await declare(3500);
    const parts = [];
    for (const p of upload.parts.slice(0, 3)) {
      const res = await put(p.url, new Uint8Array(upload.partBytes));
      parts.push({ partNumber: p.partNumber, etag: res.etag });
    }
    const missing = await api.call('POST', `/videos/${videoId}/complete`, {
      body: { uploadId: upload.uploadId, parts: [...parts, { partNumber: 4, etag: '"x"' }] },
    });
    expect(missing.status).toBe(400);
    expect(missing.body.error.details.issues[0]).toMatchObject({ path: 'parts.3' });
    const wrongEtag = await api.call('POST', `/videos/${videoId}/complete`, {
      body: { uploadId: upload.uploadId, parts: [{ ...parts[0], etag: '"bogus"' }, ...parts.slice(1), { partNumber: 4, etag: 'x' }] },
    });
    expect(wrongEtag.body.error.details.issues.map((i: { path: string }) => i.path)).toContain('parts.0.etag');
    expect((await api.call('GET', `/videos/${videoId}`)).body.status).toBe('awaiting_upload');
  });

  it('refuses a part larger than the part size', async () => {
    const { upload } = await declare(3500);
    const res = await put(upload.parts[0].url, new Uint8Array(upload.partBytes + 1));
    expect(res.status).toBe(413);
  });
});
