import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentDisposition } from '../../core/api/content-disposition';
import { ArtifactKeys } from '../../core/jobs/model';
import { startNodeServer } from '../../functions/api/node';
import { inProcessApi, type InProcessApi } from './helpers/in-process';

let api: InProcessApi;
beforeAll(async () => {
  api = await inProcessApi();
});
afterAll(async () => api.close());

/** Names a hostile (or merely international) client may give its upload. */
const NAMES: { name: string; filename: string; fallback: string }[] = [
  { name: 'accented Latin', filename: 'café crème.mp4', fallback: 'cafe creme.mp4' },
  { name: 'CJK and an emoji', filename: '日本語の動画 🎬.mp4', fallback: '______ _.mp4' },
  { name: 'quotes and backslashes', filename: 'a "quoted" \\name.mp4', fallback: 'a _quoted_ _name.mp4' },
  { name: 'a DEL and a line separator', filename: 'x\u007fy\u2028z.mp4', fallback: 'x_y_z.mp4' },
];

describe('downloading a source whose filename is not plain ASCII (issue 12 item 6)', () => {
  for (const c of NAMES) {
    it(`answers 200 with an RFC 6266 filename* for ${c.name}`, async () => {
      // Prepare: a stored source and a signed download link carrying the upload's name.
      const videoId = 'v_0000000000hostiledownload0';
      const key = ArtifactKeys.source(videoId);
      await api.platform.deps.blobs.put(key, new Uint8Array([1, 2, 3]), { contentType: 'video/mp4' });
      const url = await api.platform.deps.presigner.presignGet(key, { downloadName: c.filename });
      // Act
      const res = await api.app.request(url);
      // Assess: the bytes, and a header every client can read back to the exact name.
      expect(res.status, await res.clone().text()).toBe(200);
      expect(new Uint8Array(await res.arrayBuffer())).toEqual(new Uint8Array([1, 2, 3]));
      const header = res.headers.get('content-disposition') ?? '';
      expect(header).toMatch(/^[\x20-\x7e]+$/);
      expect(header).toBe(contentDisposition(c.filename));
      expect(header).toContain(`filename="${c.fallback}"`);
      const star = /filename\*=UTF-8''([^;\s]+)/.exec(header)?.[1];
      expect(decodeURIComponent(star ?? '')).toBe(c.filename);
    });
  }
});

describe('the same download over a real Node HTTP server', () => {
  it('answers 200 where Node used to refuse the header (500 outside the JSON envelope)', async () => {
    // Prepare
    const server = await startNodeServer(api.app, { port: 0, host: '127.0.0.1' });
    try {
      const key = ArtifactKeys.source('v_0000000000hostiledownload1');
      await api.platform.deps.blobs.put(key, new Uint8Array([4, 5]), { contentType: 'video/mp4' });
      const signed = new URL(await api.platform.deps.presigner.presignGet(key, { downloadName: '日本語の動画 🎬.mp4' }));
      // Act: the signature covers the key and the grant, not the origin.
      const res = await fetch(`${server.url}${signed.pathname}${signed.search}`);
      // Assess
      expect(res.status, await res.clone().text()).toBe(200);
      expect(res.headers.get('content-disposition')).toBe(contentDisposition('日本語の動画 🎬.mp4'));
    } finally {
      await server.close();
    }
  });
});
