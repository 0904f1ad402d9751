import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScenesFileSchema } from '../../core/contracts/scenes';
import { deliverAll, uploadAndIngest } from '../platform/helpers/deliver';
import { inProcessApi, type InProcessApi } from '../platform/helpers/in-process';
import path from 'node:path';
import { lavfiVideo } from '../helpers/lavfi';
import { tempDir } from '../platform/helpers/serve';

let api: InProcessApi;
let clip: string;
const principal = { tenantId: 'tenant-a', keyId: 'test' };

beforeAll(async () => {
  api = await inProcessApi();
  // Two 2.4-s generated scenes (a hard cut at frame 60): short, because the features task runs detection.
  const graph = 'testsrc=s=320x180:r=25:d=2.4[a];smptebars=s=320x180:r=25:d=2.4[b];[a][b]concat=n=2:v=1[out]';
  clip = await lavfiVideo(path.join(await tempDir('scenes-api'), 'two-scenes.mp4'), graph, { gop: 25 });
});
afterAll(async () => api.close());

/** Uploads the clip with `tasks` and runs probe → chunks → merge with the real stages. */
async function analysed(tasks: ('shots' | 'features')[]): Promise<string> {
  const videoId = await uploadAndIngest(api.platform, principal, clip, { filename: 'two.mp4', tasks, options: { chunkSec: 5 } });
  await deliverAll(api.platform, api.platform.deps.queues.cpu);
  await deliverAll(api.platform, api.platform.deps.queues.gpu);
  await deliverAll(api.platform, api.platform.deps.queues.cpu);
  return videoId;
}

describe('GET /v1/videos/{id}/scenes', () => {
  it('answers 404 NOT_AVAILABLE naming the task that produces scenes for a shots-only video', async () => {
    // Prepare
    const videoId = await analysed(['shots']);
    // Act
    const res = await api.call('GET', `/videos/${videoId}/scenes`);
    const results = await api.call('GET', `/videos/${videoId}/results`);
    // Assess
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('NOT_AVAILABLE');
    expect(res.body.error.message).toMatch(/"features"/);
    expect(res.body.error.details.producedBy).toEqual(['features', 'answers']);
    expect(Object.keys(results.body.artifacts)).not.toContain('scenes');
  });

  it('serves scenes.json from the merge of a features video: valid, tiling, on shot edges, listed in /results', async () => {
    // Prepare
    const videoId = await analysed(['features']);
    // Act
    const res = await api.call('GET', `/videos/${videoId}/scenes`);
    const shots = await api.call('GET', `/videos/${videoId}/shots`);
    const results = await api.call('GET', `/videos/${videoId}/results`);
    // Assess
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const scenes = ScenesFileSchema.parse(res.body);
    const shotEnds = new Set<number>([0, ...shots.body.shots.map((s: { endFrame: number }) => s.endFrame)]);
    for (const s of scenes.scenes) expect(shotEnds.has(s.startFrame)).toBe(true);
    expect(scenes.scenes.at(-1)!.endFrame).toBe(shots.body.video.frameCount);
    expect(scenes.method.signals).toContain('frame-appearance');
    expect(Object.keys(results.body.artifacts)).toContain('scenes');
  }, 600_000);

  it('answers 404 NOT_FOUND for an unknown video and 409 NOT_READY before the merge', async () => {
    const unknown = await api.call('GET', '/videos/v_00000000000000000000000000/scenes');
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'NOT_FOUND']);
    const videoId = await uploadAndIngest(api.platform, principal, clip, { filename: 'early.mp4', tasks: ['features'] });
    const early = await api.call('GET', `/videos/${videoId}/scenes`);
    expect([early.status, early.body.error.code]).toEqual([409, 'NOT_READY']);
  });

  it('is in the OpenAPI document with an operationId and the ScenesFile schema', async () => {
    const doc = (await api.call('GET', '/openapi.json', { key: null })).body;
    const op = doc.paths['/videos/{id}/scenes'].get;
    expect(op.operationId).toBe('getScenes');
    expect(JSON.stringify(op.responses['200'])).toMatch(/ScenesFile/);
    expect(Object.keys(doc.components.schemas.ScenesFile.properties)).toEqual(
      expect.arrayContaining(['format', 'video', 'method', 'scenes']),
    );
    expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['200', '401', '404', '409']));
  });
});
