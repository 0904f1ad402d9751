import path from 'node:path';
import type { SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { sqsIngestHandler } from '../../adapters/aws';
import { createApiKey } from '../../core/jobs/api-keys';
import type { PlatformDeps } from '../../core/jobs/deps';
import { silentLogger } from '../../core/log';
import { createApiApp } from '../../functions/api/app';
import { handleObjectCreated } from '../../functions/ingest/object-created';
import { realStages } from '../../gpu-workers/stages';
import { Worker } from '../../gpu-workers/worker';
import { startEmulators, type Emulators } from '../aws/emulators';
import { platformOnEmulators } from '../aws/platform-on-emulators';
import { removeDir, tempDir } from '../platform/helpers/serve';
import { cutClip, E2E_CLIPS, hasFootage, MISSING_FOOTAGE } from './footage';
import { putSingle, teachFromFootage, type FlowClip } from './flow';

/** Seconds cut from each clip (as in the local e2e). */
const CUT_SEC = 4;
const present = hasFootage(E2E_CLIPS);

describe.skipIf(!present)(
  `teaching a task on the AWS adapters (fauxqs S3+SQS, dynalite) on 12 real clips${present ? '' : ` [${MISSING_FOOTAGE}]`}`,
  () => {
    let emu: Emulators;
    let deps: PlatformDeps;
    let bucket: string;
    let dir: string;
    let clips: FlowClip[];
    let worker: Worker;
    let running: Promise<void>;
    let call: (method: string, route: string, body?: unknown) => Promise<{ status: number; body: any }>;

    beforeAll(async () => {
      emu = await startEmulators();
      ({ deps, bucket } = await platformOnEmulators(emu));
      const app = createApiApp({ deps, log: silentLogger() });
      const { apiKey } = await createApiKey(deps.meta, 'acme', new Date());
      call = async (method, route, body) => {
        const res = await app.request(`http://lvu.test/v1${route}`, {
          method,
          headers: { authorization: `Bearer ${apiKey}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
          ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        });
        return { status: res.status, body: await res.json() };
      };
      dir = await tempDir('tasks-aws');
      clips = [];
      for (const clip of E2E_CLIPS) clips.push({ clip, file: await cutClip(clip, dir, CUT_SEC) });
      worker = new Worker({
        deps,
        stages: realStages(),
        queues: ['cpu', 'gpu'],
        visibilitySec: 120,
        waitSec: 1,
        drainSec: 5,
        retryBackoffSec: 1,
        deadLetterEverySec: 2,
        scratchDir: path.join(dir, 'scratch'),
        log: silentLogger(),
      });
      running = worker.run();
    }, 120_000);
    afterAll(async () => {
      worker?.stop('drain');
      await running;
      await emu?.stop();
      if (dir) await removeDir(dir);
    });

    /** PUT to the presigned S3 URL, then the S3 ObjectCreated event through the ingest Lambda handler (fauxqs sends none). */
    async function put(created: { videoId: string; upload: any }, file: string): Promise<void> {
      await putSingle(created, file);
      const key = `videos/${created.videoId}/source`;
      const info = await deps.blobs.head(key);
      const notification = {
        Records: [
          {
            eventSource: 'aws:s3',
            eventName: 'ObjectCreated:Put',
            s3: { bucket: { name: bucket }, object: { key, size: info!.bytes, eTag: `"${info!.etag}"` } },
          },
        ],
      };
      const ingest = sqsIngestHandler(deps.meta, (e) => handleObjectCreated(deps, e));
      const res = await ingest({ Records: [{ messageId: created.videoId, body: JSON.stringify(notification) }] } as unknown as SQSEvent);
      if (res.batchItemFailures.length) throw new Error(`ingest failed: ${JSON.stringify(res.batchItemFailures)}`);
    }

    it(
      'defines, labels, trains v1 and v2 with heads in S3; every done video answers from the current head with evidence inside it',
      async () => {
        const timings = await teachFromFootage({ call, put }, clips);
        process.stdout.write(`tasks e2e (aws emulators, ${clips.length} clips × ${CUT_SEC} s): ${JSON.stringify(timings)}\n`);
        // The heads live in S3 under the tenant: both versions.
        const keys = await deps.blobs.list('tenants/acme/heads/footage/');
        if (keys.join() !== 'tenants/acme/heads/footage/1,tenants/acme/heads/footage/2') throw new Error(`heads in S3: ${keys.join()}`);
      },
      30 * 60_000,
    );
  },
);
