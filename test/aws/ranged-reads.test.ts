import { stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../core/jobs/api-keys';
import type { PlatformDeps } from '../../core/jobs/deps';
import { ArtifactKeys } from '../../core/jobs/model';
import { createVideo } from '../../core/jobs/uploads';
import { getVideo } from '../../core/jobs/views';
import { silentLogger } from '../../core/log';
import { handleObjectCreated } from '../../functions/ingest/object-created';
import { realStages } from '../../gpu-workers/stages';
import { Worker } from '../../gpu-workers/worker';
import { REPO_ROOT } from '../helpers/data';
import { ffmpeg } from '../helpers/lavfi';
import { removeDir, tempDir } from '../platform/helpers/serve';
import { startEmulators, type Emulators } from './emulators';
import { platformOnEmulators } from './platform-on-emulators';

const principal: Principal = { tenantId: 'acme', keyId: 'test' };

describe('chunk tasks read only their byte ranges of the source from S3 (fauxqs, bytes counted as served)', () => {
  let emu: Emulators;
  let deps: PlatformDeps;
  let dir: string;
  let video: string;
  /** Bytes fauxqs served for GETs of each video's source, by video id. */
  const served = new Map<string, number>();

  beforeAll(async () => {
    emu = await startEmulators({
      onS3Response: (method, url, bytes) => {
        const m = /\/videos\/([^/?]+)\/source(\?|$)/.exec(url);
        if (method === 'GET' && m) served.set(m[1]!, (served.get(m[1]!) ?? 0) + bytes);
      },
    });
    deps = (await platformOnEmulators(emu)).deps;
    dir = await tempDir('ranged-reads');
    // Real footage: the sample clip four times over (stream copy), 2.5 min in 3 default 60-s chunks.
    const list = path.join(dir, 'list.txt');
    await writeFile(list, Array.from({ length: 4 }, () => `file '${path.join(REPO_ROOT, 'samples', 'demo.mp4')}'`).join('\n'));
    video = path.join(dir, 'long.mp4');
    await ffmpeg(['-f', 'concat', '-safe', '0', '-i', list, '-c', 'copy', video]);
  });
  afterAll(async () => {
    await emu?.stop();
    if (dir) await removeDir(dir);
  });

  /** Uploads the video, ingests it, runs a worker on both queues until done; returns the id. */
  async function analyse(stages: ReturnType<typeof realStages>): Promise<string> {
    const bytes = (await stat(video)).size;
    const { videoId } = await createVideo(deps, principal, { filename: 'long.mp4', bytes, contentType: 'video/mp4', tasks: ['shots'] });
    await deps.blobs.putFile(ArtifactKeys.source(videoId), video);
    await handleObjectCreated(deps, { type: 'ObjectCreated', key: ArtifactKeys.source(videoId), bytes });
    const worker = new Worker({
      deps,
      stages,
      queues: ['cpu', 'gpu'],
      visibilitySec: 120,
      waitSec: 1,
      drainSec: 5,
      retryBackoffSec: 1,
      deadLetterEverySec: 30,
      scratchDir: path.join(dir, `scratch-${videoId}`),
      log: silentLogger(),
    });
    const running = worker.run();
    let status = '';
    for (let i = 0; i < 600 && !['done', 'failed'].includes(status); i++) {
      await new Promise((r) => setTimeout(r, 500));
      status = (await getVideo(deps, principal, videoId)).status;
    }
    worker.stop('drain');
    await running;
    expect(status).toBe('done');
    return videoId;
  }

  it('≤ 1.3× the file for all chunk tasks together (vs one whole file per chunk without ranges), same shots', async () => {
    // Prepare
    const bytes = (await stat(video)).size;
    const withoutRanges = { ...realStages(), sourceRanges: undefined };
    // Act: the same video through the same platform, with and without ranged reads.
    const ranged = await analyse(realStages());
    const whole = await analyse(withoutRanges as ReturnType<typeof realStages>);
    // Assess: the probe task reads the file once; chunk tasks read the rest.
    const chunks = 3;
    const rangedChunkBytes = served.get(ranged)! - bytes;
    const wholeChunkBytes = served.get(whole)! - bytes;
    expect(wholeChunkBytes / bytes).toBeCloseTo(chunks, 1);
    expect(rangedChunkBytes / bytes).toBeLessThanOrEqual(1.3);
    const shots = async (id: string) => JSON.parse(Buffer.from(await deps.blobs.get(ArtifactKeys.shots(id))).toString()).shots;
    expect(await shots(ranged)).toEqual(await shots(whole));
    console.info(
      `ranged reads: chunk tasks read ${(rangedChunkBytes / bytes).toFixed(3)}× the file (${chunks} chunks); without ranges ${(wholeChunkBytes / bytes).toFixed(3)}×`,
    );
  }, 600_000);
});
