import { describe, expect, it } from 'vitest';
import type { ShotsFile } from '../../core/contracts/shots';
import type { TracksFile } from '../../core/contracts/tracks';
import { NO_IDENTITY } from '../../core/contracts/feature-bank';
import { featureBankFromTracks } from '../../stages/features/from-tracks';

const video = {
  path: '/v/talk.mp4',
  durationSec: 4,
  fps: 10,
  variableFps: false,
  frameCount: 40,
  width: 200,
  height: 100,
  rotation: 0,
  codec: 'h264',
  keyframeTimes: [0],
} as unknown as ShotsFile['video'];
const shotsFile: ShotsFile = {
  video,
  transitions: [{ type: 'cut', startFrame: 20, endFrame: 20, startSec: 2, endSec: 2, confidence: 1 }],
  shots: [
    { index: 0, startFrame: 0, endFrame: 20, startSec: 0, endSec: 2 },
    { index: 1, startFrame: 20, endFrame: 40, startSec: 2, endSec: 4 },
  ],
};
const kp = (x: number, y: number) => Array.from({ length: 17 }, () => [x, y, 0.9] as [number, number, number]);
const tracksFile: TracksFile = {
  video,
  tracks: [
    {
      id: 1,
      classId: 0,
      className: 'person',
      identityId: 7,
      shotIds: [0],
      points: [
        { frame: 0, seconds: 0, box: [20, 10, 60, 90], score: 0.9, keypoints: kp(40, 50) },
        { frame: 10, seconds: 1, box: [-5, 10, 250, 90], score: 0.8, keypoints: kp(40, 50) },
      ],
    },
    {
      id: 2,
      classId: 56,
      className: 'chair',
      identityId: null,
      shotIds: [1],
      points: [{ frame: 30, seconds: 3, box: [100, 50, 150, 100], score: 0.6 }],
    },
  ],
};

describe('featureBankFromTracks', () => {
  it('normalises boxes and keypoints to the frame, keeps identities, shots by time and masks missing encoders', () => {
    const samples = {
      appearance: [
        { trackId: 1, timeSec: 0.1, values: new Float32Array(1280).fill(0.5) },
        { trackId: 2, timeSec: 3, values: new Float32Array(1280).fill(0.25) },
      ],
      face: [{ trackId: 1, timeSec: 1, values: new Float32Array(1024).fill(0.125) }],
      frames: [
        { timeSec: 0, values: new Float32Array(1280).fill(1) },
        { timeSec: 2.1, values: new Float32Array(1280).fill(2) },
      ],
    };
    const bank = featureBankFromTracks({ videoId: 'talk', shotsFile, tracksFile, samples });
    // rows: (s0, t1), (s1, t1), (s3, t2)
    expect([...bank.second]).toEqual([0, 1, 3]);
    expect([...bank.trackId]).toEqual([1, 1, 2]);
    expect([...bank.identityId]).toEqual([7, 7, NO_IDENTITY]);
    expect([...bank.shotId]).toEqual([0, 0, 1]);
    expect([...bank.classId]).toEqual([0, 0, 56]);
    expect([...bank.box.subarray(0, 4)].map((v) => +v.toFixed(4))).toEqual([0.1, 0.1, 0.3, 0.9]);
    expect([...bank.box.subarray(4, 8)].map((v) => +v.toFixed(4))).toEqual([0, 0.1, 1, 0.9]); // clamped to the frame
    const [appearance, face, pose] = bank.encoders;
    expect(bank.index.encoders.map((e) => `${e.name}:${e.dim}`)).toEqual(['mobilenet-v2:1280', 'faceres:1024', 'movenet-pose:51']);
    expect([...appearance!.mask]).toEqual([1, 0, 1]);
    expect([...face!.mask]).toEqual([0, 1, 0]);
    expect(face!.features[1024]).toBe(0.125);
    expect([...pose!.mask]).toEqual([1, 1, 0]); // the chair has no keypoints
    // keypoint (40, 50) in box [20, 10, 60, 90] → (0.5, 0.5) in the box
    expect(pose!.features[0]).toBeCloseTo(0.5, 5);
    expect(pose!.features[1]).toBeCloseTo(0.5, 5);
    expect([...bank.frames[0]!.mask]).toEqual([1, 0, 1, 0]);
    expect(bank.index.counts).toMatchObject({ rows: 3, tracks: 2, identities: 1, shots: 2 });
  });
});
