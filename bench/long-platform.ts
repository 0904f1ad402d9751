/**
 * A long video through the local platform (issue 16, item 6): `lvu serve` with one worker
 * per core on a temp data dir, one upload of real footage joined to the length asked for
 * (bench/make-long-video.sh) with every analysis (`answers`) at a low detection rate, then
 * until `done`. Reports wall time and real-time ratio, the peak RSS of the server and of
 * each worker process (with its ffmpeg children), and per task type how many tasks ran and
 * their longest and total time (from the workers' JSON log lines).
 *
 *   npx tsx bench/long-platform.ts [--minutes 120] [--detect-fps 0.5] [--workers N]
 */
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ApiClient } from '../test/platform/helpers/client';
import { createKey, removeDir, startServe, tempDir } from '../test/platform/helpers/serve';
import { longVideo, rssKb, treeRssKb } from './long-inputs';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '120' },
    'detect-fps': { type: 'string', default: '0.5' },
    workers: { type: 'string', default: String(availableParallelism()) },
  },
});
const minutes = Number(values.minutes);

const video = await longVideo(minutes);
const dir = await tempDir('bench-long-platform');
const dataDir = join(dir, 'data');
const key = await createKey(dataDir, 'bench');
// Default leases, not the tests' short ones: a chunk of real work heartbeats as in production.
const serve = await startServe({ dataDir, workers: Number(values.workers), env: { LVU_VISIBILITY_SEC: '60', LVU_WAIT_SEC: '2' } });
const peaks = new Map<string, number>();
const timer = setInterval(() => {
  const sample = (name: string, pid: number) => {
    const kb = treeRssKb(pid);
    peaks.set(name, Math.max(peaks.get(name) ?? 0, kb));
  };
  peaks.set('serve (API, ingest)', Math.max(peaks.get('serve (API, ingest)') ?? 0, rssKb(serve.process.pid!)));
  for (const [slot, pid] of serve.workerPids()) sample(`worker ${slot} (+ ffmpeg)`, pid);
}, 500);
try {
  const client = new ApiClient(serve.url, key);
  const t0 = performance.now();
  const created = await client.upload(video, { tasks: ['answers'], options: { detectFps: Number(values['detect-fps']) } });
  const uploaded = performance.now();
  const view = await client.waitFor(created.videoId, ['done', 'failed'], 6 * 3600_000);
  const wall = (performance.now() - uploaded) / 1000;
  if (view.status !== 'done') throw new Error(`video ended ${view.status}: ${JSON.stringify(view)}`);
  // Task times from the workers' log lines: "… started" and "… done" per taskId.
  const started = new Map<string, number>();
  const byType = new Map<string, { n: number; max: number; total: number }>();
  for (const line of serve.stderr().split('\n')) {
    if (!line.startsWith('{')) continue;
    const e = JSON.parse(line) as { time: string; msg: string; taskId?: string };
    if (!e.taskId) continue;
    if (/ started \(attempt/.test(e.msg)) started.set(e.taskId, Date.parse(e.time));
    else if (/ done \(attempt/.test(e.msg) && started.has(e.taskId)) {
      const type = e.taskId.split('/')[1]!.replace(/[-:]\d+$/, '');
      const s = (Date.parse(e.time) - started.get(e.taskId)!) / 1000;
      const t = byType.get(type) ?? { n: 0, max: 0, total: 0 };
      byType.set(type, { n: t.n + 1, max: Math.max(t.max, s), total: t.total + s });
    }
  }
  process.stdout.write(
    `${minutes}-min video, ${values.workers} workers, ${values['detect-fps']} detections/s: upload ${((uploaded - t0) / 1000).toFixed(1)} s, ` +
      `then ${wall.toFixed(0)} s to done (${((minutes * 60) / wall).toFixed(2)}× real time)\n\n| process | peak RSS MB |\n|---|---|\n` +
      [...peaks].map(([k, v]) => `| ${k} | ${(v / 1024).toFixed(0)} |`).join('\n') +
      '\n\n| task | count | longest s | total s |\n|---|---|---|---|\n' +
      [...byType].map(([k, v]) => `| ${k} | ${v.n} | ${v.max.toFixed(1)} | ${v.total.toFixed(1)} |`).join('\n') +
      '\n',
  );
} finally {
  clearInterval(timer);
  await serve.stop();
  await removeDir(dir);
}
