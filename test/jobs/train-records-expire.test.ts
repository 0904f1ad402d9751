import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recordHeartbeat, TRAIN_TASK_RECORD_TTL_SEC } from '../../core/jobs/activity';
import { Keys } from '../../core/jobs/model';
import { recordTaskFailure } from '../../core/jobs/outcomes';
import type { Task } from '../../core/jobs/tasks';
import { EXPIRY_SWEEP_INTERVAL_MS } from '../../adapters/local/sqlite-metadata-store';
import { inProcessApi, type InProcessApi } from '../platform/helpers/in-process';

const train: Task = { type: 'train', videoId: 'train_acme_speaker_3', tenantId: 'acme', task: 'speaker', version: 3 };
const chunk: Task = { type: 'chunk', videoId: 'v_0123456789abcdef', tenantId: 'acme', chunkIndex: 0 };

let api: InProcessApi;
beforeEach(async () => {
  api = await inProcessApi();
});
afterEach(async () => api.close());

describe('records a training task files under its job id', () => {
  it('expire (no video owns them), while a video task keeps its own until its video goes', async () => {
    // Prepare: the heartbeat and a failed attempt of a training task and of a chunk task.
    const deps = api.platform.deps;
    for (const task of [train, chunk]) {
      await recordHeartbeat(deps.meta, task, deps.now());
      await recordTaskFailure(deps, task, new Error('worker killed'), 1);
    }
    const rows = async (task: Task) => (await deps.meta.query(Keys.video(task.videoId))).items.map((i) => i.sk).sort();
    const trainRows = await rows(train);
    expect(trainRows).toHaveLength(2);

    // Act: a day short of the TTL, then past it (a write sweeps at most once an interval).
    api.clock.advance(TRAIN_TASK_RECORD_TTL_SEC - 24 * 3600);
    await deps.meta.put('probe', 'write', { n: 1 });
    const before = await rows(train);
    api.clock.advance(24 * 3600 + EXPIRY_SWEEP_INTERVAL_MS / 1000);
    await deps.meta.put('probe', 'write', { n: 2 });

    // Assess
    expect(before).toEqual(trainRows);
    expect(await rows(train)).toEqual([]);
    expect(await rows(chunk)).toHaveLength(2);
  });
});
