import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVENTS_PK } from '../../adapters/local/event-log';
import { clientMessage } from '../../core/jobs/client-messages';
import { handleDeadTask } from '../../core/jobs/outcomes';
import { createLogger } from '../../core/log';
import { realStages } from '../../gpu-workers/stages';
import { executeDelivery } from '../../gpu-workers/task-execution';
import { deliverySettings, noStop, uploadAndIngest } from './helpers/deliver';
import { inProcessApi, type InProcessApi } from './helpers/in-process';
import { removeDir, tempDir } from './helpers/serve';

let api: InProcessApi;
let dir: string;
beforeAll(async () => {
  api = await inProcessApi({ maxAttempts: 1 });
  dir = await tempDir('hostile-errors');
});
afterAll(async () => {
  await api.close();
  await removeDir(dir);
});

/**
 * Runs the video's tasks as a worker and the dead-letter handler would, until it failed;
 * returns the worker's log lines (where server paths belong).
 */
async function runUntilFailed(videoId: string): Promise<string[]> {
  const logs: string[] = [];
  const settings = { ...deliverySettings(api.platform), log: createLogger({ sink: (line) => logs.push(line) }) };
  const { cpu } = api.platform.deps.queues;
  for (let round = 0; round < 40; round++) {
    if ((await api.call('GET', `/videos/${videoId}`)).body.status === 'failed') return logs;
    for (const m of await cpu.receive({ visibilitySec: 60 }))
      await executeDelivery(api.platform.deps, realStages(), cpu, m, settings, noStop);
    for (const m of await cpu.deadLetter.receive({ visibilitySec: 60 })) {
      await handleDeadTask(api.platform.deps, m.body);
      await cpu.deadLetter.ack(m.receiptHandle);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`video ${videoId} did not fail`);
}

describe('error messages name the upload, not the server path (issue 12 item 11)', () => {
  it('a text file uploaded as a video fails with a message that names the file, and no path reaches the client', async () => {
    // Prepare: a text file, uploaded under a name of the client's choosing.
    const file = path.join(dir, 'notes.txt');
    await writeFile(file, 'this is not a video\n'.repeat(50));
    const videoId = await uploadAndIngest(api.platform, { tenantId: 'tenant-a', keyId: 'k' }, file, { filename: 'holiday.mp4' });
    // Act
    const logs = await runUntilFailed(videoId);
    const video = await api.call('GET', `/videos/${videoId}`);
    const results = await api.call('GET', `/videos/${videoId}/results`);
    const event = await api.platform.deps.meta.get(EVENTS_PK, `event#VideoFailed:${videoId}`);
    // Assess: the code says what is wrong; the message names the upload; no server path anywhere.
    expect(video.body.error.code).toBe('VIDEO_NOT_A_VIDEO');
    expect(video.body.error.message).toContain('"holiday.mp4"');
    expect(event).toBeDefined();
    for (const text of [JSON.stringify(video.body), JSON.stringify(results.body), JSON.stringify(event?.data)]) {
      expect(text).not.toContain(api.platform.dataDir);
      expect(text).not.toMatch(/videos\/v_[0-9a-z]+\/source/);
      expect(text).not.toMatch(/(^|[\s"'(])\/[^\s/"']+\//);
    }
    expect(results.body.error.message).toContain('"holiday.mp4"');
    // The server's own log keeps the path, for whoever operates it.
    expect(logs.join('\n')).toContain(`videos/${videoId}/source`);
  });
});

describe('clientMessage', () => {
  const upload = { videoId: 'v_abc', filename: 'holiday.mp4' };
  const cases: { name: string; message: string; want: string }[] = [
    {
      name: 'the filesystem store path, twice',
      message:
        '/srv/lvu-data/blobs/objects/videos/v_abc/source is not a video ffmpeg can read (/srv/lvu-data/blobs/objects/videos/v_abc/source: Invalid data)',
      want: '"holiday.mp4" is not a video ffmpeg can read ("holiday.mp4": Invalid data)',
    },
    {
      name: "an S3 worker's scratch copy",
      message: '/tmp/lvu/task-chunk-x1/videos/v_abc/source is truncated',
      want: '"holiday.mp4" is truncated',
    },
    {
      name: 'another server path',
      message: 'model missing at /root/.cache/lvu/models/centernet.onnx',
      want: 'model missing at centernet.onnx',
    },
    { name: 'a Windows path', message: 'C:\\lvu\\blobs\\videos\\v_abc\\source is empty', want: '"holiday.mp4" is empty' },
    {
      name: 'ratios, words and URLs',
      message: 'chunk 1/2 and/or see https://example.org/a/b',
      want: 'chunk 1/2 and/or see https://example.org/a/b',
    },
    {
      name: 'a blob key (not a path)',
      message: 'blob not found: videos/v_abc/probe.json',
      want: 'blob not found: videos/v_abc/probe.json',
    },
  ];
  for (const c of cases) {
    it(`rewrites ${c.name}`, () => {
      expect(clientMessage(c.message, upload)).toBe(c.want);
    });
  }
});
