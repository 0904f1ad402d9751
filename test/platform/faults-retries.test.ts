import { writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LvuError } from '../../core/errors';
import { classifyFailure, type FailureKind } from '../../core/jobs/outcomes';
import { VideoError, VideoErrorCode } from '../../stages/video/errors';
import { ApiClient } from './helpers/client';
import { createKey, removeDir, startServe, tempDir, type ServeHandle } from './helpers/serve';

/** Lines the worker logged for one task of one video (`… probe of v_… failed (attempt N…`). */
function failureLines(stderr: string, videoId: string, type: string): string[] {
  return stderr.split('\n').filter((line) => line.includes(`${type} of ${videoId} failed`));
}

/** Bytes that claim to be an MP4 (an `ftyp` box) but are not a video. */
async function notAVideo(dir: string): Promise<string> {
  const file = `${dir}/not-a-video.mp4`;
  await writeFile(file, Buffer.concat([Buffer.from('\u0000\u0000\u0000\u0018ftypmp42'), Buffer.alloc(64 * 1024, 7)]));
  return file;
}

describe('retries: a permanent input error', () => {
  let serve: ServeHandle;
  let client: ApiClient;
  let dir: string;
  beforeAll(async () => {
    dir = await tempDir('permanent');
    // Three attempts allowed: a permanent error must not use them.
    serve = await startServe({ dataDir: `${dir}/data`, workers: 1, env: { LVU_MAX_ATTEMPTS: '3' } });
    client = new ApiClient(serve.url, await createKey(`${dir}/data`, 'acme'));
  });
  afterAll(async () => {
    await serve.stop();
    await removeDir(dir);
  });

  it('fails the video on the first attempt, with the input error and no retry', async () => {
    // Prepare
    const file = await notAVideo(dir);
    // Act
    const created = await client.upload(file);
    const video = await client.waitFor(created.videoId, ['failed', 'done']);
    // Assess: one attempt, the input's own code, and no line promising a retry.
    expect(video.status).toBe('failed');
    expect(video.error?.code).toMatch(/^VIDEO_(NOT_A_VIDEO|TRUNCATED|CORRUPT)$/);
    expect(video.error?.stage).toBe('probe');
    expect(video.error?.message).not.toMatch(/attempt/);
    const lines = failureLines(serve.stderr(), created.videoId, 'probe');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/attempt 1\b/);
    expect(lines[0]).not.toMatch(/retry/);
    expect(serve.stderr()).not.toMatch(new RegExp(`probe of ${created.videoId} started \\(attempt 2\\)`));
  });
});

describe('retries: a transient error (ffprobe missing on the worker)', () => {
  let serve: ServeHandle;
  let client: ApiClient;
  let dir: string;
  beforeAll(async () => {
    dir = await tempDir('transient');
    serve = await startServe({ dataDir: `${dir}/data`, workers: 1, env: { LVU_MAX_ATTEMPTS: '2', LVU_FFPROBE: `${dir}/no-such-ffprobe` } });
    client = new ApiClient(serve.url, await createKey(`${dir}/data`, 'acme'));
  });
  afterAll(async () => {
    await serve.stop();
    await removeDir(dir);
  });

  it('is retried up to the limit, and only the attempts before the last announce a retry', async () => {
    // Prepare
    const file = await notAVideo(dir);
    // Act
    const created = await client.upload(file);
    const video = await client.waitFor(created.videoId, ['failed', 'done']);
    // Assess
    expect(video.status).toBe('failed');
    expect(video.error?.code).toBe('FFMPEG_MISSING');
    expect(video.error?.message).toContain('after 2 attempt(s)');
    const lines = failureLines(serve.stderr(), created.videoId, 'probe');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/attempt 1 of 2, retry in \d+s/);
    expect(lines[1]).toMatch(/attempt 2 of 2/);
    expect(lines[1]).not.toMatch(/retry/);
  });
});

describe('classifyFailure: every video error code is classified on purpose', () => {
  const expected: Record<VideoErrorCode, FailureKind> = {
    VIDEO_FILE_MISSING: 'transient',
    VIDEO_NOT_A_VIDEO: 'permanent',
    VIDEO_CORRUPT: 'permanent',
    VIDEO_TRUNCATED: 'permanent',
    VIDEO_ZERO_DURATION: 'permanent',
    VIDEO_UNSUPPORTED_CODEC: 'permanent',
    VIDEO_ABSURD_DIMENSIONS: 'permanent',
    VIDEO_DECODE_FAILED: 'transient',
    FFMPEG_MISSING: 'transient',
    ABORTED: 'transient',
  };
  it.each(Object.values(VideoErrorCode))('%s', (code) => {
    expect(classifyFailure(new VideoError(code, 'x'))).toBe(expected[code]);
  });
  it.each([
    { name: 'a malformed task', err: new LvuError('VALIDATION_FAILED', 'x'), kind: 'permanent' },
    { name: 'a merge that is not ready', err: new LvuError('NOT_READY', 'x'), kind: 'transient' },
    { name: 'an untyped error', err: new Error('ECONNRESET'), kind: 'transient' },
    { name: 'a thrown string', err: 'boom', kind: 'transient' },
  ])('$name is $kind', ({ err, kind }) => {
    expect(classifyFailure(err)).toBe(kind);
  });
});
