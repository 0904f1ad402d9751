import { readFile, stat } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import type { CreateVideoResponse, VideoView } from '../../../core/api/contracts';

/** A tiny API client for tests and the load bench: JSON in, `{status, body}` out. */
export class ApiClient {
  constructor(
    readonly baseUrl: string,
    readonly apiKey?: string,
  ) {}

  async call<T = unknown>(
    method: string,
    route: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; body: T }> {
    const res = await fetch(`${this.baseUrl}/v1${route}`, {
      method,
      headers: {
        ...(this.apiKey ? { authorization: `Bearer ${this.apiKey}` } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
  }

  /** Declares an upload of `file` and sends its bytes the way the reply says (single or multipart). */
  async upload(
    file: string,
    options: { contentType?: string; options?: Record<string, unknown>; declaredBytes?: number; tasks?: string[] } = {},
  ): Promise<CreateVideoResponse> {
    const bytes = options.declaredBytes ?? (await stat(file)).size;
    const contentType = options.contentType ?? 'video/mp4';
    const created = await this.call<CreateVideoResponse>('POST', '/videos', {
      filename: file.split('/').pop(),
      bytes,
      contentType,
      ...(options.options ? { options: options.options } : {}),
      ...(options.tasks ? { tasks: options.tasks } : {}),
    });
    if (created.status !== 201) throw new Error(`POST /videos → ${created.status} ${JSON.stringify(created.body)}`);
    const data = await readFile(file);
    const { upload, videoId } = created.body;
    if (upload.mode === 'single') {
      const put = await fetch(upload.url, { method: 'PUT', headers: upload.headers, body: data });
      if (put.status !== 200) throw new Error(`PUT upload → ${put.status} ${await put.text()}`);
      return created.body;
    }
    const parts = [];
    for (const part of upload.parts) {
      const slice = data.subarray((part.partNumber - 1) * upload.partBytes, part.partNumber * upload.partBytes);
      const put = await fetch(part.url, { method: 'PUT', body: slice });
      if (put.status !== 200) throw new Error(`PUT part ${part.partNumber} → ${put.status} ${await put.text()}`);
      parts.push({ partNumber: part.partNumber, etag: put.headers.get('etag') ?? '' });
    }
    const done = await this.call('POST', `/videos/${videoId}/complete`, { uploadId: upload.uploadId, parts });
    if (done.status !== 202) throw new Error(`complete → ${done.status} ${JSON.stringify(done.body)}`);
    return created.body;
  }

  /** Polls GET /videos/{id} until its status is one of `want` (or time runs out). */
  async waitFor(videoId: string, want: VideoView['status'][], timeoutMs = 90_000): Promise<VideoView> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const { status, body } = await this.call<VideoView>('GET', `/videos/${videoId}`);
      if (status === 200 && want.includes(body.status)) return body;
      if (Date.now() > deadline) throw new Error(`video ${videoId} still ${JSON.stringify(body)} after ${timeoutMs} ms`);
      await sleep(250);
    }
  }
}

/** The parts of a shots.json that must match between the API and the CLI (the path differs). */
export function comparableShots(shotsFile: unknown): unknown {
  const s = shotsFile as { video: Record<string, unknown>; transitions: unknown; shots: unknown };
  const { path: _path, ...video } = s.video;
  return { video, transitions: s.transitions, shots: s.shots };
}
