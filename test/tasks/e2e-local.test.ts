import { afterAll, beforeAll, describe, it } from 'vitest';
import { removeDir, startServe, createKey, tempDir, type ServeHandle } from '../platform/helpers/serve';
import { ApiClient } from '../platform/helpers/client';
import { cutClip, E2E_CLIPS, hasFootage, MISSING_FOOTAGE } from './footage';
import { putSingle, teachFromFootage, type FlowClip } from './flow';

/** Seconds cut from each clip: real footage, cheap to analyse (ffmpeg, CenterNet, MoveNet, MobileNetV2, the transformer). */
const CUT_SEC = 4;
const present = hasFootage(E2E_CLIPS);

describe.skipIf(!present)(
  `teaching a task through lvu serve on 12 real clips from 6 sources${present ? '' : ` [${MISSING_FOOTAGE}]`}`,
  () => {
    let dir: string;
    let serve: ServeHandle | undefined;
    let clips: FlowClip[];
    let client: ApiClient;
    beforeAll(async () => {
      dir = await tempDir('tasks-e2e');
      clips = [];
      for (const clip of E2E_CLIPS) clips.push({ clip, file: await cutClip(clip, dir, CUT_SEC) });
      const dataDir = `${dir}/data`;
      serve = await startServe({ dataDir, workers: 1, env: { LVU_VISIBILITY_SEC: '60' } });
      client = new ApiClient(serve.url, await createKey(dataDir, 'acme'));
    }, 120_000);
    afterAll(async () => {
      await serve?.stop();
      if (dir) await removeDir(dir);
    });

    it(
      'defines, labels, trains v1 and v2; every done video answers from the current head with evidence inside it',
      async () => {
        const timings = await teachFromFootage({ call: (m, r, b) => client.call(m, r, b), put: putSingle }, clips);
        process.stdout.write(`tasks e2e (local, ${clips.length} clips × ${CUT_SEC} s): ${JSON.stringify(timings)}\n`);
      },
      30 * 60_000,
    );
  },
);
