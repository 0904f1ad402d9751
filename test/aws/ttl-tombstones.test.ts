import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../core/jobs/api-keys';
import type { PlatformDeps } from '../../core/jobs/deps';
import { ArtifactKeys, Keys } from '../../core/jobs/model';
import { createVideo } from '../../core/jobs/uploads';
import { handleObjectCreated } from '../../functions/ingest/object-created';
import { realStages } from '../../gpu-workers/stages';
import { threeSceneClip } from '../platform/helpers/clips';
import { deleteWhileChunksRun, expectOnlyTombstone, leftoversOf } from '../platform/helpers/delete-race';
import { removeDir, tempDir } from '../platform/helpers/serve';
import { declaredTtlAttribute } from './declared-ttl';
import { startEmulators, type Emulators } from './emulators';
import { platformOnEmulators } from './platform-on-emulators';
import { rawDynamo } from './raw-dynamo';

const principal: Principal = { tenantId: 'acme', keyId: 'test' };
const DAY_SEC = 24 * 3600;

describe('DELETE while chunk tasks run, on the AWS adapters (fauxqs S3+SQS, dynalite DynamoDB)', () => {
  let emu: Emulators;
  let deps: PlatformDeps;
  let table: string;
  let dir: string;

  beforeAll(async () => {
    emu = await startEmulators();
    ({ deps, table } = await platformOnEmulators(emu));
    dir = await tempDir('aws-delete-race');
    await mkdir(path.join(dir, 'scratch'));
  });
  afterAll(async () => {
    await emu?.stop();
    if (dir) await removeDir(dir);
  });

  it('keeps only a tombstone (no filename) that carries the declared TTL attribute; late writes are refused', async () => {
    // Prepare: a real clip in three chunks, uploaded to S3 and ingested.
    const clip = await threeSceneClip(dir);
    const { videoId } = await createVideo(deps, principal, {
      filename: 'secret-name.mp4',
      bytes: (await stat(clip)).size,
      contentType: 'video/mp4',
      options: { chunkSec: 5 },
    });
    await deps.blobs.putFile(ArtifactKeys.source(videoId), clip);
    const info = await deps.blobs.head(ArtifactKeys.source(videoId));
    expect(
      await handleObjectCreated(deps, { type: 'ObjectCreated', key: ArtifactKeys.source(videoId), bytes: info!.bytes, etag: info!.etag }),
    ).toBe('started');
    // Act
    await deleteWhileChunksRun(deps, realStages(), principal, videoId, path.join(dir, 'scratch'));
    const lateBeat = await deps.meta
      .put(Keys.video(videoId), Keys.heartbeat, { at: new Date().toISOString(), task: 'chunk-0' }, { mustExist: true })
      .catch((e: unknown) => e);
    // Assess: through the ports …
    expectOnlyTombstone(await leftoversOf(deps, principal.tenantId, videoId), principal.tenantId);
    expect(lateBeat).toMatchObject({ code: 'CONDITION_FAILED' });
    // … and in the raw table: one item names the video, none its filename; the tombstone expires.
    const scan = await rawDynamo(emu).send(new ScanCommand({ TableName: table }));
    const items = (scan.Items ?? []).map((i) => unmarshall(i));
    const naming = items.filter((i) => JSON.stringify(i).includes(videoId));
    expect(naming.map((i) => [i.pk, i.sk])).toEqual([[Keys.video(videoId), Keys.owner]]);
    expect(items.filter((i) => JSON.stringify(i).includes('secret-name'))).toEqual([]);
    const expiresAt = naming[0]![declaredTtlAttribute()] as number;
    expect(expiresAt).toBeGreaterThan(Date.now() / 1000 + DAY_SEC);
    expect(expiresAt).toBeLessThan(Date.now() / 1000 + 60 * DAY_SEC);
  });
});
