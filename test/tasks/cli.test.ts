import { writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLocalPlatform } from '../../adapters/local/platform';
import { PlatformConfigSchema } from '../../core/jobs/deps';
import { transformerAnswerStage } from '../../gpu-workers/answer-stage';
import { modelsConfig } from '../../models/config';
import { SessionCache } from '../../models/runtime';
import { runLvu } from '../helpers/cli';
import { removeDir, tempDir } from '../platform/helpers/serve';
import { analysedVideo } from './helpers';

let dir: string;
const ids: string[] = [];
beforeAll(async () => {
  dir = await tempDir('tasks-cli');
  const platform = await openLocalPlatform({ dataDir: `${dir}/data`, config: PlatformConfigSchema.parse({}) });
  const sessions = new SessionCache(modelsConfig({ intraOpThreads: 1, interOpThreads: 1, autoBuild: false }));
  const stage = transformerAnswerStage({ sessions });
  for (let i = 0; i < 4; i++) ids.push(await analysedVideo(platform.deps, stage, 'acme', 20 + i, { patch: { externalId: `clip-${i}` } }));
  await sessions.dispose();
  platform.close();
}, 120_000);
afterAll(() => removeDir(dir));

const lvu = (...args: string[]) => runLvu(['tasks', ...args, '--data', `${dir}/data`, '--tenant', 'acme']);

describe('lvu tasks on a local data dir', () => {
  it('defines a task, labels videos from a CSV by externalId, trains v1 and shows it', async () => {
    // Prepare
    await writeFile(`${dir}/labels.csv`, 'externalId,label\nclip-0,street\nclip-1,face\nclip-2,street\nclip-3,face\n');
    // Act
    const define = await lvu('define', 'kind', '--kind', 'classification', '--labels', 'street,face');
    const label = await lvu('label', 'kind', '--csv', `${dir}/labels.csv`);
    const train = await lvu('train', 'kind', '--folds', '2');
    const show = await lvu('show', 'kind');
    // Assess
    expect(define.code).toBe(0);
    expect(JSON.parse(label.stdout)).toMatchObject({ stored: 4, unmatched: 0 });
    expect(train.code).toBe(0);
    expect(JSON.parse(show.stdout)).toMatchObject({
      name: 'kind',
      labelled: 4,
      current: 1,
      training: { status: 'done' },
      versions: [{ version: 1, videos: 4, cv: { metric: 'accuracy', folds: 2 } }],
    });
  }, 120_000);

  it.each([
    [['define', 'genre', '--kind', 'regression'], 'LVU_TASK_NAME'],
    [['train', 'nope'], 'NOT_FOUND'],
    [['define', 'x', '--kind', 'classification', '--labels', 'only'], 'VALIDATION_FAILED'],
  ])(
    'answers bad input with one line naming the problem: %s',
    async (args, code) => {
      const res = await lvu(...args);
      expect(res.code).toBe(1);
      expect(res.stderr).toMatch(new RegExp(`^lvu: ${code}: `, 'm'));
    },
    60_000,
  );
});
