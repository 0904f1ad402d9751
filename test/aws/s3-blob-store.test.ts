import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBucket, S3BlobStore, S3Presigner } from '../../adapters/aws';
import { hasCode } from '../../core/errors';
import { startEmulators, uniqueName, type Emulators } from './emulators';

/** Deterministic bytes, so a misplaced part or range shows up as a mismatch. */
function pattern(bytes: number, seed = 7): Uint8Array {
  const out = new Uint8Array(bytes);
  for (let i = 0; i < bytes; i += 1) out[i] = (i * 31 + seed + (i >> 13)) & 0xff;
  return out;
}

describe('S3BlobStore on fauxqs', () => {
  let emu: Emulators;
  let store: S3BlobStore;
  let presigner: S3Presigner;
  let scratch: string;

  beforeAll(async () => {
    emu = await startEmulators();
    const bucket = uniqueName('lvu');
    await ensureBucket(emu.clients.s3, bucket);
    store = new S3BlobStore(emu.clients.s3, bucket);
    presigner = new S3Presigner(emu.clients.s3, bucket);
    scratch = await mkdtemp(join(tmpdir(), 'lvu-s3-'));
  });

  afterAll(async () => {
    await emu?.stop();
    await rm(scratch, { recursive: true, force: true });
  });

  it('writes above the multipart threshold in parts and reads the same bytes back', async () => {
    // Prepare: 19 MiB > fauxqs' ~11 MiB request limit, so a single PUT would be refused.
    const body = pattern(19 * 1024 * 1024 + 123);
    // Act
    await store.put('videos/big/source', body, { contentType: 'video/mp4' });
    const back = await store.get('videos/big/source');
    const info = await store.head('videos/big/source');
    // Assess
    expect(Buffer.compare(Buffer.from(back), Buffer.from(body))).toBe(0);
    expect(info).toMatchObject({ bytes: body.byteLength, contentType: 'video/mp4' });
    expect(info?.etag).toMatch(/-3$/); // three parts: MD5-of-digests-partCount
  });

  it('uploads a large local file with putFile and materializes it again', async () => {
    const body = pattern(12 * 1024 * 1024, 3);
    const file = join(scratch, 'in.bin');
    await writeFile(file, body);
    await store.putFile('videos/f/source', file);
    const local = await store.materialize('videos/f/source', join(scratch, 'out'));
    expect(local).toBe(join(scratch, 'out', 'videos', 'f', 'source'));
    expect(Buffer.compare(await readFile(local), Buffer.from(body))).toBe(0);
  });

  it.each([
    { name: 'a middle slice', start: 10, end: 20, expected: [10, 20] },
    { name: 'an end past the size (clamped)', start: 95, end: 500, expected: [95, 100] },
    { name: 'a start past the size (empty)', start: 150, end: 160, expected: [100, 100] },
    { name: 'an empty range', start: 5, end: 5, expected: [5, 5] },
  ])('getRange reads $name', async ({ start, end, expected }) => {
    const body = pattern(100);
    await store.put('videos/r/bytes', body);
    const got = await store.getRange('videos/r/bytes', start, end);
    expect(Array.from(got)).toEqual(Array.from(body.subarray(expected[0], expected[1])));
  });

  it('streams a byte range without reading the whole object', async () => {
    await store.put('videos/s/bytes', pattern(4096));
    const stream = await store.openStream('videos/s/bytes', { start: 1000, end: 1100 });
    const chunks: Buffer[] = [];
    for await (const c of stream) chunks.push(c as Buffer);
    expect(Array.from(Buffer.concat(chunks))).toEqual(Array.from(pattern(4096).subarray(1000, 1100)));
  });

  it.each([
    { name: 'get', call: (s: S3BlobStore) => s.get('videos/none/x') },
    { name: 'getRange', call: (s: S3BlobStore) => s.getRange('videos/none/x', 0, 10) },
    { name: 'empty getRange', call: (s: S3BlobStore) => s.getRange('videos/none/x', 3, 3) },
    { name: 'materialize', call: (s: S3BlobStore) => s.materialize('videos/none/x', scratch) },
  ])('$name of an absent key throws NOT_FOUND', async ({ call }) => {
    const err = await call(store).catch((e: unknown) => e);
    expect(hasCode(err, 'NOT_FOUND')).toBe(true);
  });

  it('head of an absent key is undefined and delete of one is not an error', async () => {
    expect(await store.head('videos/none/y')).toBeUndefined();
    await expect(store.delete('videos/none/y')).resolves.toBeUndefined();
  });

  it.each(['/abs', 'a/../b', 'a//b', '', 'a/./b'])('rejects the unsafe key %j', async (key) => {
    await expect(store.put(key, 'x')).rejects.toThrow(/invalid blob key/);
  });

  it('lists past one page and deletes by prefix, leaving neighbours alone', async () => {
    // Prepare: 1,005 keys > S3's 1,000 keys per ListObjectsV2 page and per DeleteObjects.
    const keys = Array.from({ length: 1005 }, (_, i) => `videos/many/chunks/${String(i).padStart(4, '0')}`);
    for (let i = 0; i < keys.length; i += 50) await Promise.all(keys.slice(i, i + 50).map((k) => store.put(k, 'x')));
    await store.put('videos/many-other/keep', 'y');
    // Act
    const listed = await store.list('videos/many/');
    const removed = await store.deleteByPrefix('videos/many/');
    // Assess
    expect(listed).toEqual(keys);
    expect(removed).toBe(1005);
    expect(await store.list('videos/many/')).toEqual([]);
    expect(await store.list('videos/many-other/')).toEqual(['videos/many-other/keep']);
  });

  it('refuses to delete by an empty prefix', async () => {
    await expect(store.deleteByPrefix('')).rejects.toThrow(/non-empty prefix/);
  });

  it('accepts a browser-style PUT and GET through presigned URLs', async () => {
    const putUrl = await presigner.presignPut('videos/p/source', { contentType: 'video/mp4', expiresSec: 60 });
    const put = await fetch(putUrl, { method: 'PUT', body: Buffer.from('hello video'), headers: { 'content-type': 'video/mp4' } });
    expect(put.status).toBe(200);
    expect(putUrl).not.toMatch(/x-amz-checksum/i);
    const got = await fetch(await presigner.presignGet('videos/p/source'), { headers: { range: 'bytes=6-10' } });
    expect(await got.text()).toBe('video');
  });

  it('completes a multipart upload made of presigned part PUTs', async () => {
    // Prepare: 11 MiB → two 8 MiB-sized parts (the last one shorter).
    const body = pattern(11 * 1024 * 1024, 5);
    const plan = await presigner.createMultipartUpload('videos/m/source', body.byteLength, { contentType: 'video/mp4' });
    // Act: the browser PUTs each part and keeps the ETags.
    const parts = [];
    for (const part of plan.parts) {
      const start = (part.partNumber - 1) * plan.partBytes;
      const res = await fetch(part.url, { method: 'PUT', body: body.subarray(start, start + plan.partBytes) });
      parts.push({ partNumber: part.partNumber, etag: res.headers.get('etag') ?? '' });
    }
    await presigner.completeMultipartUpload(plan.key, plan.uploadId, parts.reverse());
    // Assess
    expect(plan.parts).toHaveLength(2);
    expect(Buffer.compare(Buffer.from(await store.get('videos/m/source')), Buffer.from(body))).toBe(0);
  });

  it.each([0, -1, 13 * 3600, 1.5])('rejects a presign expiry of %s seconds', async (expiresSec) => {
    const err = await presigner.presignPut('videos/p/x', { expiresSec }).catch((e: unknown) => e);
    expect(hasCode(err, 'VALIDATION_FAILED')).toBe(true);
  });
});
