import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drainIngest } from './helpers/deliver';
import { inProcessApi, type InProcessApi } from './helpers/in-process';

let api: InProcessApi;
beforeAll(async () => {
  api = await inProcessApi();
});
afterAll(async () => api.close());

/** Declares 100 bytes, uploads 60 and runs ingest: the video fails with UPLOAD_SIZE_MISMATCH. */
async function failedVideo(): Promise<string> {
  const created = await api.call('POST', '/videos', { body: { filename: 'short.mp4', bytes: 100, contentType: 'video/mp4' } });
  expect(created.status).toBe(201);
  const put = await api.app.request(created.body.upload.url, {
    method: 'PUT',
    headers: { 'content-type': 'video/mp4' },
    body: new Uint8Array(60),
  });
  expect(put.status).toBe(200);
  await drainIngest(api.platform);
  expect((await api.call('GET', `/videos/${created.body.videoId}`)).body.status).toBe('failed');
  return created.body.videoId;
}

describe('results of a failed video (issue 12 item 14)', () => {
  for (const route of ['results', 'shots', 'tracks']) {
    it(`GET /videos/{id}/${route} says the video failed, with its error's code, message and stage`, async () => {
      // Prepare
      const videoId = await failedVideo();
      // Act
      const res = await api.call('GET', `/videos/${videoId}/${route}`);
      // Assess: 409 VIDEO_FAILED, not "results exist once it is done".
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('VIDEO_FAILED');
      expect(res.body.error.message).toBe(
        `video ${videoId} failed at upload: UPLOAD_SIZE_MISMATCH: uploaded 60 bytes but 100 were declared`,
      );
      expect(res.body.error.message).not.toMatch(/once it is done/);
      expect(res.body.error.details).toEqual({
        videoId,
        status: 'failed',
        error: { code: 'UPLOAD_SIZE_MISMATCH', message: 'uploaded 60 bytes but 100 were declared', stage: 'upload' },
      });
    });
  }

  it('still answers NOT_READY for a video that has not finished', async () => {
    const created = await api.call('POST', '/videos', { body: { filename: 'later.mp4', bytes: 100, contentType: 'video/mp4' } });
    const res = await api.call('GET', `/videos/${created.body.videoId}/results`);
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'NOT_READY', details: { status: 'awaiting_upload' } });
  });
});
