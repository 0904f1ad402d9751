import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inProcessApi, type InProcessApi } from './helpers/in-process';

/** A valid declaration; cases change one thing at a time. */
const GOOD = { filename: 'movie.mp4', bytes: 1000, contentType: 'video/mp4' };
const UNKNOWN_ID = 'v_00000000000000000000000000';

let api: InProcessApi;
let videoOfA: string;
beforeAll(async () => {
  api = await inProcessApi({ maxUploadBytes: 10_000_000, multipartThresholdBytes: 5_000_000, partBytes: 1_000_000 });
  videoOfA = (await api.call('POST', '/videos', { body: GOOD })).body.videoId;
});
afterAll(async () => api.close());

/** Every error reply has the one shape, never a stack trace. */
function expectError(res: { status: number; body: any }, status: number, code: string): void {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.body.error.code).toBe(code);
  expect(typeof res.body.error.message).toBe('string');
  expect(JSON.stringify(res.body)).not.toMatch(/\n\s+at /);
}

function issuePaths(res: { body: any }): string[] {
  return (res.body.error.details?.issues ?? []).map((i: { path: string }) => i.path);
}

describe('API: authentication on every route', () => {
  const routes = (id: string): [string, string, unknown?][] => [
    ['POST', '/videos', GOOD],
    ['GET', '/videos'],
    ['GET', `/videos/${id}`],
    ['POST', `/videos/${id}/complete`, { uploadId: 'x', parts: [{ partNumber: 1, etag: 'e' }] }],
    ['GET', `/videos/${id}/shots`],
    ['GET', `/videos/${id}/tracks`],
    ['GET', `/videos/${id}/results`],
    ['DELETE', `/videos/${id}`],
  ];
  for (const [keyName, key] of [
    ['no key', null],
    ['an unknown key', 'lvu_notakey'],
    ['a non-lvu token', 'abc'],
  ] as const) {
    it(`answers 401 to ${keyName} on every route`, async () => {
      for (const [method, route, body] of routes(videoOfA)) {
        expectError(await api.call(method, route, { key, body }), 401, 'UNAUTHORIZED');
      }
    });
  }
});

describe('API: POST /videos', () => {
  const cases: { name: string; body: unknown; status: number; code: string; path?: string }[] = [
    { name: 'missing filename', body: { bytes: 10, contentType: 'video/mp4' }, status: 400, code: 'VALIDATION_FAILED', path: 'filename' },
    { name: 'bytes of the wrong type', body: { ...GOOD, bytes: '1000' }, status: 400, code: 'VALIDATION_FAILED', path: 'bytes' },
    { name: 'zero bytes', body: { ...GOOD, bytes: 0 }, status: 400, code: 'VALIDATION_FAILED', path: 'bytes' },
    { name: 'an extra field', body: { ...GOOD, colour: 'red' }, status: 400, code: 'VALIDATION_FAILED' },
    {
      name: 'a filename with a slash',
      body: { ...GOOD, filename: '../etc/passwd' },
      status: 400,
      code: 'VALIDATION_FAILED',
      path: 'filename',
    },
    { name: 'an unknown task', body: { ...GOOD, tasks: ['mindreading'] }, status: 400, code: 'VALIDATION_FAILED', path: 'tasks.0' },
    {
      name: 'a too-small chunk length',
      body: { ...GOOD, options: { chunkSec: 1 } },
      status: 400,
      code: 'VALIDATION_FAILED',
      path: 'options.chunkSec',
    },
    { name: 'a size over the limit', body: { ...GOOD, bytes: 10_000_001 }, status: 413, code: 'PAYLOAD_TOO_LARGE', path: 'bytes' },
    {
      name: 'a content type that is not video',
      body: { ...GOOD, contentType: 'text/plain' },
      status: 415,
      code: 'UNSUPPORTED_MEDIA_TYPE',
      path: 'contentType',
    },
    { name: 'a JSON array', body: [GOOD], status: 400, code: 'VALIDATION_FAILED' },
  ];
  for (const c of cases) {
    it(`rejects ${c.name} with ${c.status} ${c.code}`, async () => {
      const res = await api.call('POST', '/videos', { body: c.body });
      expectError(res, c.status, c.code);
      if (c.path) expect(issuePaths(res)).toContain(c.path);
    });
  }

  it('names the extra field in the message', async () => {
    const res = await api.call('POST', '/videos', { body: { ...GOOD, colour: 'red' } });
    expect(res.body.error.message).toContain('colour');
  });

  it('rejects malformed JSON with 400 MALFORMED_REQUEST', async () => {
    expectError(await api.call('POST', '/videos', { body: '{"filename": ' }), 400, 'MALFORMED_REQUEST');
  });

  it('rejects a body over the JSON size limit with 413', async () => {
    expectError(await api.call('POST', '/videos', { body: { ...GOOD, filename: 'x'.repeat(20_000) } }), 413, 'PAYLOAD_TOO_LARGE');
  });

  it('returns the same video for a repeated Idempotency-Key and 409 for a different body', async () => {
    const headers = { 'idempotency-key': 'upload-42' };
    const first = await api.call('POST', '/videos', { body: GOOD, headers });
    const again = await api.call('POST', '/videos', { body: GOOD, headers });
    const other = await api.call('POST', '/videos', { body: { ...GOOD, bytes: 999 }, headers });
    expect([first.status, again.status]).toEqual([201, 201]);
    expect(again.body.videoId).toBe(first.body.videoId);
    expectError(other, 409, 'IDEMPOTENCY_CONFLICT');
  });

  it('plans a multipart upload above the threshold, one signed URL per part', async () => {
    const res = await api.call('POST', '/videos', { body: { ...GOOD, bytes: 5_500_000 } });
    expect(res.status).toBe(201);
    expect(res.body.upload).toMatchObject({ mode: 'multipart', partBytes: 1_000_000 });
    expect(res.body.upload.parts.map((p: { partNumber: number }) => p.partNumber)).toEqual([1, 2, 3, 4, 5, 6]);
  });
});

describe('API: GET /videos (listing)', () => {
  const bad: { name: string; query: string; path: string }[] = [
    { name: 'limit 0', query: 'limit=0', path: 'limit' },
    { name: 'limit not a number', query: 'limit=many', path: 'limit' },
    { name: 'an unknown status', query: 'status=sleeping', path: 'status' },
  ];
  for (const c of bad) {
    it(`rejects ${c.name} with 400 naming the query field`, async () => {
      const res = await api.call('GET', `/videos?${c.query}`);
      expectError(res, 400, 'VALIDATION_FAILED');
      expect(res.body.error.details.issues[0]).toMatchObject({ path: c.path, in: 'query' });
    });
  }

  it('rejects an unknown query parameter and a forged cursor', async () => {
    expectError(await api.call('GET', '/videos?colour=red'), 400, 'VALIDATION_FAILED');
    expectError(await api.call('GET', '/videos?cursor=%25%25forged'), 400, 'VALIDATION_FAILED');
  });

  it('lists newest first with a cursor, and only the caller’s videos', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await api.call('POST', '/videos', { body: GOOD, key: api.keys.b })).body.videoId);
    const page1 = await api.call('GET', '/videos?limit=2', { key: api.keys.b });
    const page2 = await api.call('GET', `/videos?limit=2&cursor=${encodeURIComponent(page1.body.cursor)}`, { key: api.keys.b });
    const seen = [...page1.body.videos, ...page2.body.videos].map((v: { videoId: string }) => v.videoId);
    expect(seen).toEqual([...ids].reverse());
    expect(page2.body.cursor).toBeUndefined();
    const ofA = await api.call('GET', '/videos?limit=100');
    expect(ofA.body.videos.map((v: { videoId: string }) => v.videoId)).not.toContain(ids[0]);
    const filtered = await api.call('GET', '/videos?status=done', { key: api.keys.b });
    expect(filtered.body.videos).toEqual([]);
  });
});

describe('API: one video (GET, shots, tracks, results, complete, DELETE)', () => {
  const perVideo = ['', '/shots', '/tracks', '/results'];

  it('rejects a malformed id with 400 naming the path parameter', async () => {
    const res = await api.call('GET', '/videos/not-an-id');
    expectError(res, 400, 'VALIDATION_FAILED');
    expect(res.body.error.details.issues[0]).toMatchObject({ path: 'id', in: 'path' });
  });

  for (const suffix of perVideo) {
    it(`GET /videos/{id}${suffix}: 404 for an unknown id and for another tenant's video`, async () => {
      expectError(await api.call('GET', `/videos/${UNKNOWN_ID}${suffix}`), 404, 'NOT_FOUND');
      expectError(await api.call('GET', `/videos/${videoOfA}${suffix}`, { key: api.keys.b }), 404, 'NOT_FOUND');
    });
  }

  it('shots, tracks and results answer 409 NOT_READY until the video is done', async () => {
    for (const suffix of ['/shots', '/tracks', '/results']) {
      const res = await api.call('GET', `/videos/${videoOfA}${suffix}`);
      expectError(res, 409, 'NOT_READY');
      expect(res.body.error.details.status).toBe('awaiting_upload');
    }
  });

  it('tenant B can neither complete nor delete tenant A’s video', async () => {
    const complete = await api.call('POST', `/videos/${videoOfA}/complete`, {
      key: api.keys.b,
      body: { uploadId: 'x', parts: [{ partNumber: 1, etag: 'e' }] },
    });
    expectError(complete, 404, 'NOT_FOUND');
    expectError(await api.call('DELETE', `/videos/${videoOfA}`, { key: api.keys.b }), 404, 'NOT_FOUND');
    expect((await api.call('GET', `/videos/${videoOfA}`)).body.status).toBe('awaiting_upload');
  });

  it('complete: 409 for a single-PUT upload, 400 for a wrong upload id or bad parts', async () => {
    const parts = [{ partNumber: 1, etag: 'e' }];
    expectError(await api.call('POST', `/videos/${videoOfA}/complete`, { body: { uploadId: 'x', parts } }), 409, 'CONFLICT');
    const multi = (await api.call('POST', '/videos', { body: { ...GOOD, bytes: 5_500_000 } })).body.videoId;
    const wrongId = await api.call('POST', `/videos/${multi}/complete`, { body: { uploadId: 'nope', parts } });
    expectError(wrongId, 400, 'VALIDATION_FAILED');
    expect(issuePaths(wrongId)).toContain('uploadId');
    const badType = await api.call('POST', `/videos/${multi}/complete`, {
      body: { uploadId: 'x', parts: [{ partNumber: '1', etag: 'e' }] },
    });
    expect(issuePaths(badType)).toContain('parts.0.partNumber');
    expectError(await api.call('POST', `/videos/${multi}/complete`, { body: { uploadId: 'x', parts: [] } }), 400, 'VALIDATION_FAILED');
    expectError(await api.call('POST', `/videos/${UNKNOWN_ID}/complete`, { body: { uploadId: 'x', parts } }), 404, 'NOT_FOUND');
  });

  it('DELETE is idempotent and 404 for unknown ids', async () => {
    const id = (await api.call('POST', '/videos', { body: GOOD })).body.videoId;
    expect((await api.call('DELETE', `/videos/${id}`)).status).toBe(200);
    expect((await api.call('DELETE', `/videos/${id}`)).body).toEqual({ videoId: id, status: 'deleted' });
    expectError(await api.call('GET', `/videos/${id}`), 404, 'NOT_FOUND');
    expectError(await api.call('DELETE', `/videos/${UNKNOWN_ID}`), 404, 'NOT_FOUND');
  });
});

describe('API: documents and unknown routes', () => {
  it('serves the OpenAPI document without a key', async () => {
    const res = await api.call('GET', '/openapi.json', { key: null });
    expect(res.status).toBe(200);
    expect(Object.keys(res.body.paths)).toEqual(
      expect.arrayContaining([
        '/videos',
        '/videos/{id}',
        '/videos/{id}/complete',
        '/videos/{id}/shots',
        '/videos/{id}/tracks',
        '/videos/{id}/results',
      ]),
    );
    expect(res.body.components.schemas).toHaveProperty('Error');
  });

  it('answers unknown routes with 404 ROUTE_NOT_FOUND in the error shape', async () => {
    expectError(await api.call('GET', '/nothing-here'), 404, 'ROUTE_NOT_FOUND');
  });
});
