import { describe, expect, it } from 'vitest';
import { defaultDetectBatch, detectConfig, detectorFps } from '../../stages/detect/config';
import { attachPoses } from '../../stages/detect/detect';
import { cropImage, descriptorFrames } from '../../stages/detect/descriptors';
import {
  detectorInputDims,
  detectorOutput,
  letterboxInto,
  letterboxTransform,
  toLetterboxBox,
  toSourceBox,
} from '../../stages/detect/frames';
import { decodeF32, encodeF32 } from '../../stages/detect/vectors';
import { DETECT_MARGIN_SEC, detectionWindow, trackChunk } from '../../stages/detect/chunk';
import { dropShadowedFills } from '../../stages/detect/merge';
import type { Transition } from '../../core/contracts/shots';
import type { FrameDetections } from '../../stages/detect/detect';

describe('letterbox mapping (as ffmpeg scale=…:force_original_aspect_ratio=decrease,pad)', () => {
  it.each([
    ['PETS 768×576 (4:3)', 768, 576, { dims: [512, 384], padX: 0, padY: 0, w: 512, h: 384 }],
    ['shots_dev 640×360 (16:9)', 640, 360, { dims: [512, 288], padX: 0, padY: 0, w: 512, h: 288 }],
    ['portrait 360×640', 360, 640, { dims: [288, 512], padX: 0, padY: 0, w: 288, h: 512 }],
    ['scope 1920×800 (2.4:1): 213 rows padded to 224', 1920, 800, { dims: [512, 224], padX: 0, padY: 5, w: 512, h: 213 }],
    ['square 500×500', 500, 500, { dims: [512, 512], padX: 0, padY: 0, w: 512, h: 512 }],
    ['odd 700×301: 220 rows padded to 224', 700, 301, { dims: [512, 224], padX: 0, padY: 2, w: 512, h: 220 }],
  ])('detector frame of %s: the longer side 512, the other a multiple of 32 with the least padding', (_l, w, h, want) => {
    // Act
    const dims = detectorInputDims(w, h, 512);
    const t = letterboxTransform(w, h, 512);
    // Assess
    expect([dims.width, dims.height]).toEqual(want.dims);
    expect([t.dstWidth, t.dstHeight]).toEqual(want.dims);
    expect([t.padX, t.padY, Math.round(t.scaleX * w), Math.round(t.scaleY * h)]).toEqual([want.padX, want.padY, want.w, want.h]);
  });

  it.each([
    ['PETS 768×576', 768, 576, { padX: 0, padY: 64, w: 512, h: 384 }],
    ['shots_dev 640×360', 640, 360, { padX: 0, padY: 112, w: 512, h: 288 }],
    ['portrait 360×640', 360, 640, { padX: 112, padY: 0, w: 288, h: 512 }],
  ])('the former square letterbox of %s (letterboxInto 512×512)', (_l, w, h, want) => {
    const t = letterboxInto(w, h, 512, 512);
    expect([t.padX, t.padY, Math.round(t.scaleX * w), Math.round(t.scaleY * h)]).toEqual([want.padX, want.padY, want.w, want.h]);
  });

  it('asks the decoder for the detector dims, letterboxed, at the detection rate', () => {
    const out = detectorOutput({ fps: 25, width: 1280, height: 720 }, detectConfig());
    expect(out).toEqual({ name: 'detect', width: 512, height: 288, format: 'rgb24', fit: 'letterbox', fps: 5 });
  });

  it('maps a box to the letterbox and back', () => {
    // Prepare
    const t = letterboxTransform(768, 576, 512);
    const box = [100, 50, 160, 210];
    // Act
    const back = toSourceBox(toLetterboxBox(box, t), t);
    // Assess
    back.forEach((v, i) => expect(v).toBeCloseTo(box[i]!, 9));
  });

  it('clamps boxes in the letterbox bars to the frame', () => {
    const t = letterboxInto(768, 576, 512, 512);
    expect(toSourceBox({ x1: -5, y1: 10, x2: 600, y2: 500 }, t)).toEqual([0, 0, 768, 576]);
  });
});

describe('detect config', () => {
  it('defaults to 5 detections per second, CenterNet people, pose at 256', () => {
    const cfg = detectConfig();
    expect([cfg.fps, cfg.people, cfg.pose, cfg.poseInputSize, cfg.inputSize, cfg.batch]).toEqual([
      5,
      'centernet',
      true,
      256,
      512,
      undefined,
    ]);
  });

  it('detects one frame per CenterNet call on the CPU and 4 on CUDA unless told', () => {
    expect([defaultDetectBatch('cpu'), defaultDetectBatch('cuda'), detectConfig({ batch: 8 }).batch]).toEqual([1, 4, 8]);
  });

  it.each([
    ['every frame', { every: 1 }, 25, undefined],
    ['every 5th frame', { every: 5 }, 25, 5],
    ['5 fps on a 25-fps video', {}, 25, 5],
    ['a rate above the source fps', { fps: 60 }, 25, undefined],
  ])('decoder rate for %s', (_l, input, srcFps, want) => {
    expect(detectorFps(detectConfig(input), srcFps)).toBe(want);
  });

  it.each([
    ['a non-multiple of 32 input size', { inputSize: 500 }, /inputSize/],
    ['a zero rate', { fps: 0 }, /fps/],
    ['an unknown people source', { people: 'yolo' }, /people/],
    ['an unknown field', { detectEvery: 1 }, /detectEvery/],
    ['a zero batch', { batch: 0 }, /batch/],
  ])('rejects %s', (_l, input, pattern) => {
    expect(() => detectConfig(input as never)).toThrow(pattern);
  });
});

describe('attachPoses', () => {
  const pose = (x1: number, y1: number, x2: number, y2: number) => ({ box: { x1, y1, x2, y2 }, score: 0.9, keypoints: [] });
  it('pairs each person with the pose it overlaps most, one to one, ignoring poor overlaps', () => {
    // Prepare: two people side by side, three poses (one far away)
    const people = [{ box: { x1: 0, y1: 0, x2: 10, y2: 30 } }, { box: { x1: 12, y1: 0, x2: 22, y2: 30 } }];
    const poses = [pose(13, 1, 22, 29), pose(100, 100, 110, 130), pose(0, 1, 9, 29)];
    // Act
    const out = attachPoses(people, poses);
    // Assess
    expect(out).toEqual([poses[2], poses[0]]);
  });

  it('leaves a person without a pose when none overlaps enough', () => {
    expect(attachPoses([{ box: { x1: 0, y1: 0, x2: 10, y2: 30 } }], [pose(8, 0, 18, 30)])).toEqual([undefined]);
  });
});

describe('descriptor helpers', () => {
  it('cropImage copies the rectangle and clamps it to the image', () => {
    // Prepare: a 4×2 image whose bytes count up
    const img = { data: Uint8Array.from({ length: 24 }, (_, i) => i), width: 4, height: 2 };
    // Act
    const crop = cropImage(img, { x1: 2, y1: 1, x2: 9, y2: 5 });
    // Assess
    expect([crop.width, crop.height, ...crop.data]).toEqual([2, 1, 18, 19, 20, 21, 22, 23]);
  });

  it('descriptorFrames picks the first detection frame of each second, whatever the chunk start', () => {
    // Prepare: 10 fps, detection every 3rd frame; a chunk starting at 12 sees frames 12, 15, …
    const all = Array.from({ length: 14 }, (_, i) => 3 * i);
    const chunk = all.filter((f) => f >= 12);
    // Act
    const whole = descriptorFrames(all, 10, 1);
    const part = descriptorFrames(chunk, 10, 1);
    // Assess
    expect([...whole]).toEqual([0, 12, 21, 30]);
    expect([...part]).toEqual([12, 21, 30]);
  });

  it('float32 vectors survive the base64 round trip exactly', () => {
    const v = Float32Array.from([0.1, -2.5, 1e-8, 3.4e38]);
    expect(decodeF32(encodeF32(v))).toEqual(v);
  });

  it('rejects a base64 text that is not whole float32 values', () => {
    expect(() => decodeF32(Buffer.from([1, 2, 3]).toString('base64'))).toThrow(/multiple of 4/);
  });
});

describe('trackChunk', () => {
  const person = (frame: number, x: number) => ({
    frame,
    seconds: frame / 25,
    box: [x, 10, x + 20, 70] as [number, number, number, number],
    score: 0.9,
    classId: 0,
    className: 'person',
  });
  const frames: FrameDetections[] = Array.from({ length: 40 }, (_, f) => ({ frame: f, seconds: f / 25, detections: [person(f, 100 + f)] }));

  it('follows one person with one id inside a shot', () => {
    const obs = trackChunk(frames, [], 40, 25, {});
    expect(new Set(obs.map((o) => o.trackId)).size).toBe(1);
    expect(obs).toHaveLength(40);
  });

  it.each([
    ['a hard cut', { type: 'cut', startFrame: 20, endFrame: 20 }, 2, 40],
    ['a dissolve (its frames belong to no shot)', { type: 'dissolve', startFrame: 15, endFrame: 24 }, 2, 30],
  ] as const)('never carries a track across %s', (_l, t, tracks, boxes) => {
    // Prepare: the same box continues smoothly through the transition
    const transition: Transition = { ...t, startSec: t.startFrame / 25, endSec: t.endFrame / 25, confidence: 1 };
    // Act
    const obs = trackChunk(frames, [transition], 40, 25, {});
    // Assess
    const ids = new Set(obs.map((o) => o.trackId));
    expect(ids.size).toBe(tracks);
    expect(obs).toHaveLength(boxes);
    const nextShotStart = t.type === 'cut' ? t.startFrame : t.endFrame + 1;
    for (const id of ids) {
      const f = obs.filter((o) => o.trackId === id).map((o) => o.frameIndex);
      expect(Math.max(...f) < t.startFrame || Math.min(...f) >= nextShotStart).toBe(true);
    }
  });
});

describe('seam helpers', () => {
  const obs = (trackId: number, frameIndex: number, detectionIndex: number, x: number) => ({
    trackId,
    frameIndex,
    detectionIndex,
    classId: 0,
    score: 0.9,
    box: Float64Array.from([x, 0, x + 20, 60]),
    filteredBox: Float64Array.from([x, 0, x + 20, 60]),
  });

  it("dropShadowedFills drops an interpolated box that repeats another track's detection, keeps the rest", () => {
    // Prepare: on frame 5, track 2 was detected where track 1's fill lies; track 3's fill is elsewhere
    const input = [obs(1, 5, -1, 100), obs(2, 5, 0, 100.5), obs(3, 5, -1, 300), obs(1, 6, 1, 110)];
    // Act
    const kept = dropShadowedFills(input);
    // Assess
    expect(kept.map((o) => [o.trackId, o.frameIndex])).toEqual([
      [2, 5],
      [3, 5],
      [1, 6],
    ]);
  });

  it('detectionWindow is the owned range ± the margin, inside the decoded range', () => {
    const chunk = { index: 1, startFrame: 100, endFrame: 200, decodeStartFrame: 10, decodeEndFrame: 205, startSec: 10, endSec: 20 };
    expect(detectionWindow(chunk, 10)).toEqual({ start: 100 - 10 * DETECT_MARGIN_SEC, end: 205 });
  });
});
