import { readFile, stat } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'vitest';
import type { FootageClip } from './footage';

/** What the flow needs from a platform: JSON calls to `/v1`, and an upload that starts the job. */
export interface FlowPlatform {
  call<T = any>(method: string, route: string, body?: unknown): Promise<{ status: number; body: T }>;
  /** Sends the file's bytes where POST /videos said; resolves once the upload landed. */
  put(created: { videoId: string; upload: any }, file: string): Promise<void>;
}

/** A clip ready to upload: the cut file and what it shows. */
export interface FlowClip {
  file: string;
  clip: FootageClip;
}

/** Seconds each phase took, for the report. */
export interface FlowTimings {
  analyseSec: number;
  train1Sec: number;
  train2Sec: number;
  totalSec: number;
}

const TASK = 'footage';
const POLL_MS = 500;

async function until<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const got = await probe();
    if (got !== undefined) return got;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(POLL_MS);
  }
}

/** Declares an answers upload with the clip name as its externalId and sends the bytes. */
async function upload(p: FlowPlatform, c: FlowClip): Promise<string> {
  const body = {
    filename: `${c.clip.clip}.mp4`,
    bytes: (await stat(c.file)).size,
    contentType: 'video/mp4',
    tasks: ['answers'],
    externalId: c.clip.clip,
  };
  const created = await p.call('POST', '/videos', body);
  expect(created.status).toBe(201);
  await p.put(created.body, c.file);
  return created.body.videoId as string;
}

/** `/results` once its answers landed (the answers task runs after the merge). */
async function answered(p: FlowPlatform, videoId: string, headVersion?: number): Promise<any> {
  return until(`answers of ${videoId}${headVersion ? ` from head v${headVersion}` : ''}`, 15 * 60_000, async () => {
    const v = await p.call('GET', `/videos/${videoId}`);
    if (v.body.status === 'failed') throw new Error(`video ${videoId} failed: ${JSON.stringify(v.body.error)}`);
    if (v.body.status !== 'done') return undefined;
    const r = await p.call('GET', `/videos/${videoId}/results`);
    const docs = Object.values(r.body.answers ?? {}) as any[];
    if (docs.length === 0) return undefined;
    if (headVersion !== undefined && docs[0].tasks[TASK]?.head?.version !== headVersion) return undefined;
    return r.body;
  });
}

async function trained(p: FlowPlatform, version: number, folds: number): Promise<any> {
  const train = await p.call('POST', `/tasks/${TASK}/train`, { folds });
  expect(train).toMatchObject({ status: 202, body: { version } });
  return until(`training v${version}`, 10 * 60_000, async () => {
    const t = await p.call('GET', `/tasks/${TASK}`);
    if (t.body.training.status === 'refused' || t.body.training.status === 'failed')
      throw new Error(`training ${t.body.training.status}: ${t.body.training.reason}`);
    return t.body.training.status === 'done' && t.body.current === version ? t.body : undefined;
  });
}

/** Every video's results carry the answer, from head `version` with that version's CV figures, and evidence inside the video. */
function expectAnswers(results: any[], task: any, version: number): void {
  const cv = task.versions.find((v: any) => v.version === version).cv;
  for (const r of results) {
    const doc = Object.values(r.answers)[0] as any;
    const answer = doc.tasks[TASK];
    expect(answer).toMatchObject({ status: 'ok', kind: 'classification', head: { version, cv } });
    expect(task.labels).toContain(answer.prediction);
    expect(Object.values(answer.probabilities as Record<string, number>).reduce((s, x) => s + x, 0)).toBeCloseTo(1, 5);
    expect(answer.evidence.length).toBeGreaterThan(0);
    for (const e of answer.evidence)
      expect(e.startSec >= 0 && e.startSec < e.endSec && e.endSec <= r.summary.durationSec + 1e-6).toBe(true);
    expect(doc.tasks.genre).toMatchObject({ status: 'not_trained', how: expect.stringContaining('POST /v1/tasks/genre/train') });
  }
}

/**
 * The whole story through the HTTP API: upload real clips for answers, define a task, label
 * them, train (v1), see every video answered from v1 with evidence; train again (v2), see
 * every answer move to v2. Returns the phase timings.
 */
export async function teachFromFootage(p: FlowPlatform, clips: readonly FlowClip[]): Promise<FlowTimings> {
  const t0 = Date.now();
  const ids: string[] = [];
  for (const c of clips) ids.push(await upload(p, c));
  for (const id of ids) await answered(p, id);
  const t1 = Date.now();
  const labels = [...new Set(clips.map((c) => c.clip.kind))];
  expect((await p.call('POST', '/tasks', { name: TASK, kind: 'classification', description: 'what kind of footage', labels })).status).toBe(
    201,
  );
  const put = await p.call('PUT', `/tasks/${TASK}/labels`, { labels: clips.map((c, i) => ({ videoId: ids[i], label: c.clip.kind })) });
  expect(put.body).toMatchObject({ stored: clips.length, rejected: [] });
  const v1 = await trained(p, 1, 4);
  expect(v1.versions[0]).toMatchObject({ version: 1, videos: clips.length, cv: { metric: 'accuracy', folds: 4 } });
  const first = [];
  for (const id of ids) first.push(await answered(p, id, 1));
  expectAnswers(first, v1, 1);
  const t2 = Date.now();
  const v2 = await trained(p, 2, 3);
  const second = [];
  for (const id of ids) second.push(await answered(p, id, 2));
  expectAnswers(second, v2, 2);
  const t3 = Date.now();
  return { analyseSec: (t1 - t0) / 1000, train1Sec: (t2 - t1) / 1000, train2Sec: (t3 - t2) / 1000, totalSec: (t3 - t0) / 1000 };
}

/** PUTs a single-upload body to its signed URL (local endpoint or S3). */
export async function putSingle(created: { upload: any }, file: string): Promise<void> {
  if (created.upload.mode !== 'single') throw new Error('expected a single-PUT upload');
  const res = await fetch(created.upload.url, { method: 'PUT', headers: created.upload.headers, body: await readFile(file) });
  if (res.status !== 200) throw new Error(`PUT upload → ${res.status} ${await res.text()}`);
}
