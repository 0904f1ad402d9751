import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArtifactKeys, Keys } from '../../core/jobs/model';
import { handleObjectCreated } from '../../functions/ingest/object-created';
import { inProcessApi, type InProcessApi } from './helpers/in-process';

let api: InProcessApi;
beforeAll(async () => {
  api = await inProcessApi({ multipartThresholdBytes: 3000, partBytes: 1000 });
});
afterAll(async () => api.close());

const BYTES = Uint8Array.from({ length: 3500 }, (_, i) => (i * 7) % 251);

/** Declares a 4-part multipart upload and PUTs every part; returns what `complete` needs. */
async function uploadedParts(): Promise<{ videoId: string; body: { uploadId: string; parts: { partNumber: number; etag: string }[] } }> {
  const created = await api.call('POST', '/videos', { body: { filename: 'parts.mp4', bytes: BYTES.length, contentType: 'video/mp4' } });
  expect(created.status).toBe(201);
  const { videoId, upload } = created.body;
  const parts = [];
  for (const p of upload.parts) {
    const res = await api.app.request(p.url, { method: 'PUT', body: BYTES.subarray((p.partNumber - 1) * 1000, p.partNumber * 1000) });
    expect(res.status).toBe(200);
    parts.push({ partNumber: p.partNumber, etag: res.headers.get('etag') ?? '' });
  }
  return { videoId, body: { uploadId: upload.uploadId, parts } };
}

/** Object-created events waiting for ingest (one per stored source). */
async function takeIngestEvents(): Promise<unknown[]> {
  const bodies: unknown[] = [];
  for (;;) {
    const batch = await api.platform.ingest.receive({ maxMessages: 10, visibilitySec: 30 });
    if (batch.length === 0) return bodies;
    for (const m of batch) {
      bodies.push(m.body);
      await api.platform.ingest.ack(m.receiptHandle);
    }
  }
}

describe('completing a multipart upload more than once (issue 12 item 9)', () => {
  it('answers 202 with the current status to a repeat just after success, before ingest ran', async () => {
    const { videoId, body } = await uploadedParts();
    expect((await api.call('POST', `/videos/${videoId}/complete`, { body })).status).toBe(202);
    const repeat = await api.call('POST', `/videos/${videoId}/complete`, { body });
    expect(repeat.status, JSON.stringify(repeat.body)).toBe(202);
    expect(repeat.body).toEqual({ videoId, status: 'awaiting_upload' });
    expect(await takeIngestEvents()).toHaveLength(1);
  });

  it('assembles once when ten completes race, and every one answers 202', async () => {
    // Prepare
    const { videoId, body } = await uploadedParts();
    // Act
    const replies = await Promise.all(Array.from({ length: 10 }, () => api.call('POST', `/videos/${videoId}/complete`, { body })));
    // Assess: all 202, one stored source (one object-created event), the right bytes.
    expect(
      replies.map((r) => r.status),
      JSON.stringify(replies.map((r) => r.body)),
    ).toEqual(Array(10).fill(202));
    for (const r of replies) expect(r.body).toEqual({ videoId, status: 'awaiting_upload' });
    const events = await takeIngestEvents();
    expect(events).toHaveLength(1);
    expect(Buffer.from(await api.platform.deps.blobs.get(ArtifactKeys.source(videoId)))).toEqual(Buffer.from(BYTES));
    expect(await handleObjectCreated(api.platform.deps, events[0])).toBe('started');
    const after = await api.call('POST', `/videos/${videoId}/complete`, { body });
    expect(after).toEqual({ status: 202, body: { videoId, status: 'queued' } });
  });

  it('lets a client retry a complete that failed (a wrong ETag) once the parts are right', async () => {
    const { videoId, body } = await uploadedParts();
    const wrong = { ...body, parts: body.parts.map((p, i) => (i === 0 ? { ...p, etag: '"bogus"' } : p)) };
    expect((await api.call('POST', `/videos/${videoId}/complete`, { body: wrong })).status).toBe(400);
    expect((await api.call('POST', `/videos/${videoId}/complete`, { body })).status).toBe(202);
    expect(await takeIngestEvents()).toHaveLength(1);
  });

  it('takes over a completion whose claimant died mid-way, once its claim is stale (15 min)', async () => {
    // Prepare: a claim left behind by a call that crashed before joining the parts.
    const { videoId, body } = await uploadedParts();
    await api.platform.deps.meta.put(
      Keys.video(videoId),
      'upload#completion',
      { state: 'assembling', uploadId: body.uploadId, at: new Date().toISOString() },
      { expectedVersion: null },
    );
    api.clock.advance(16 * 60);
    // Act
    const res = await api.call('POST', `/videos/${videoId}/complete`, { body });
    // Assess
    expect(res).toEqual({ status: 202, body: { videoId, status: 'awaiting_upload' } });
    expect(await takeIngestEvents()).toHaveLength(1);
    expect(Buffer.from(await api.platform.deps.blobs.get(ArtifactKeys.source(videoId))).equals(Buffer.from(BYTES))).toBe(true);
  });
});
