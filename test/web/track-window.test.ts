import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { joinTrackWindows, splitTrackWindows, tracksInWindow } from '../../core/contracts/track-window';
import type { ShotsFile } from '../../core/contracts/shots';
import type { Track, TracksFile } from '../../core/contracts/tracks';
import type { VideoProbe } from '../../core/contracts/video';
import { inProcessApi, type InProcessApi } from '../platform/helpers/in-process';
import { storeDoneVideo } from './helpers/seed';

/** A 150-s, 10 fps video probe (3 track windows of 60 s). */
const video: VideoProbe = {
  container: 'mov,mp4',
  codec: 'h264',
  width: 640,
  height: 360,
  rotation: 0,
  fps: 10,
  variableFrameRate: false,
  durationSec: 150,
  frameCount: 1500,
  frameCountExact: true,
  timeBase: { num: 1, den: 10 },
  startSec: 0,
  containerStartSec: 0,
  keyframeSecs: [0],
  keyframeFrames: [0],
  hasAudio: false,
  bytes: 1,
};

/** A track seen every 0.2 s from `fromSec` to `toSec` (inclusive). */
function track(id: number, fromSec: number, toSec: number, identityId: number | null = id): Track {
  const points = [];
  for (let f = fromSec * 10; f <= toSec * 10; f += 2)
    points.push({ frame: f, seconds: f / 10, box: [10, 20, 110, 220] as [number, number, number, number], score: 0.9 });
  return { id, classId: 0, className: 'person', identityId, shotIds: [0], points };
}

const tracksFile: TracksFile = { video, tracks: [track(1, 0, 30), track(2, 50, 70), track(3, 59.8, 149.8), track(4, 100, 100.4, null)] };
const shotsFile: ShotsFile = { video, transitions: [], shots: [{ index: 0, startFrame: 0, endFrame: 1500, startSec: 0, endSec: 150 }] };

describe('track windows', () => {
  it('splits tracks into 60-s windows that cover the video and join back to any window', () => {
    // Act
    const windows = splitTrackWindows(tracksFile);
    // Assess: 3 windows; a track crossing a minute is in both, cut at the edge.
    expect(windows.map((w) => [w.fromSec, w.toSec, w.tracks.map((t) => t.id)])).toEqual([
      [0, 60, [1, 2, 3]],
      [60, 120, [2, 3, 4]],
      [120, 180, [3]],
    ]);
    for (const [from, to] of [
      [0, 60],
      [55, 65],
      [59.9, 60.1],
      [10, 140],
      [120, 150],
      [140.1, 140.3],
    ] as const) {
      expect(joinTrackWindows(windows, from, to)).toEqual({
        fromSec: from,
        toSec: to,
        tracks: tracksInWindow(tracksFile.tracks, from, to),
      });
    }
  });

  it('keeps only the points inside [fromSec, toSec) and drops tracks without any', () => {
    const cut = tracksInWindow(tracksFile.tracks, 60, 61);
    expect(cut.map((t) => t.id)).toEqual([2, 3]);
    expect(cut[0]!.points.map((p) => p.seconds)).toEqual([60, 60.2, 60.4, 60.6, 60.8]);
  });
});

describe('GET /videos/{id}/tracks?fromSec=&toSec=', () => {
  let api: InProcessApi;
  let videoId = '';
  beforeAll(async () => {
    api = await inProcessApi();
    videoId = await storeDoneVideo(api.platform.deps, 'tenant-a', 'synthetic.mp4', { shots: shotsFile, tracks: tracksFile });
  });
  afterAll(async () => api.close());

  it('answers the tracks on screen in the window, read from the stored windows', async () => {
    const res = await api.call('GET', `/videos/${videoId}/tracks?fromSec=55&toSec=65`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ fromSec: 55, toSec: 65, tracks: tracksInWindow(tracksFile.tracks, 55, 65) });
  });

  it('answers the whole tracks.json without a window, and the artifact links leave the windows out', async () => {
    const res = await api.call('GET', `/videos/${videoId}/tracks`);
    expect(res.body.tracks).toHaveLength(4);
    const results = await api.call('GET', `/videos/${videoId}/results`);
    expect(Object.keys(results.body.artifacts).filter((k) => k.includes('track-windows'))).toEqual([]);
    expect(results.body.artifacts['track-spans']).toBeDefined();
  });

  const bad: [string, string, string][] = [
    ['only fromSec', 'fromSec=10', 'toSec'],
    ['only toSec', 'toSec=10', 'fromSec'],
    ['toSec before fromSec', 'fromSec=20&toSec=10', 'toSec'],
    ['a window over 900 s', 'fromSec=0&toSec=901', 'toSec'],
    ['a negative fromSec', 'fromSec=-1&toSec=10', 'fromSec'],
    ['not a number', 'fromSec=abc&toSec=10', 'fromSec'],
    ['an unknown parameter', 'fromSec=0&toSec=10&limit=3', ''],
  ];
  for (const [name, query, path] of bad) {
    it(`answers 400 naming the field for ${name}`, async () => {
      const res = await api.call('GET', `/videos/${videoId}/tracks?${query}`);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
      if (path) expect(JSON.stringify(res.body.error.details)).toContain(path);
    });
  }

  it('documents the route in OpenAPI with its operationId and the TrackWindow schema', async () => {
    const doc = (await api.call('GET', '/openapi.json', { key: null })).body;
    const op = doc.paths['/videos/{id}/tracks'].get;
    expect(op.operationId).toBe('getTracks');
    expect(op.parameters.map((p: { name: string }) => p.name).sort()).toEqual(['fromSec', 'id', 'toSec']);
    expect(doc.components.schemas.TrackWindow.properties.tracks.type).toBe('array');
  });
});
