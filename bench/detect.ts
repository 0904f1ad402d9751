/**
 * `npx lvu bench detect [--frames 200] [--video PATH]`: per-frame cost of detection
 * (CenterNet on the former 512² square letterbox, on the detector frame one frame per call
 * and in micro-batches of 4, and CenterNet + MoveNet pose),
 * tracking and identity (descriptors on the 1-per-second grid + merge/clustering), each as
 * a fraction of the decode cost of the same frames (detector frames as the detect stage
 * gets them: 512×384 rgb24 for 4:3, one ffmpeg thread) measured in the same run. Default
 * video: PETS09-S2L1 from the shared data. Times are wall-clock medians of one pass each
 * (the machine is shared: compare ratios, not milliseconds).
 */
import { join, resolve } from 'node:path';
import { existsSync } from 'node:fs';
import { parseFlags } from '../cli/args';
import { modelsConfig, VisionModels, type RgbImage } from '../models';
import { decodeFrames, probe, type DecodeOutput } from '../stages/video';
import { detectConfig, type DetectConfig } from '../stages/detect/config';
import { detectorOutput, letterboxInto, letterboxTransform } from '../stages/detect/frames';
import { detectFrame, detectFrames, type FrameDetections } from '../stages/detect/detect';
import { describePeople, descriptorFrames, type PersonDescriptor } from '../stages/detect/descriptors';
import { packObservations, trackChunk } from '../stages/detect/chunk';
import { encodeF32 } from '../stages/detect/vectors';
import { mergeDetections } from '../stages/detect/merge';
import type { VideoProbe } from '../core/contracts/video';

export const summary = 'detect: per-frame cost of detection, tracking and identity as fractions of decoding the same frames (PETS09-S2L1)';

interface Decoded {
  index: number;
  sec: number;
  image: RgbImage;
}

export async function run(argv: string[]): Promise<number> {
  const { values } = parseFlags(argv, { frames: { type: 'string' }, video: { type: 'string' } });
  const dataDir = resolve(process.env['LVU_TEST_DATA'] ?? join(process.cwd(), '../shared/data'));
  const video = values.video ?? join(dataDir, 'tracking/PETS09-S2L1/vtest.avi');
  if (!existsSync(video)) {
    process.stderr.write(`bench detect: ${video} is absent (set LVU_TEST_DATA or pass --video)\n`);
    return 2;
  }
  const p = await probe(video);
  const n = Math.min(p.frameCount, Math.max(10, Number(values.frames ?? 200)));
  const cfg = detectConfig({ every: 1, pose: false });
  const vision = VisionModels.create(modelsConfig({ intraOpThreads: 1 }));
  try {
    const { frames, ms: decodeMs } = await timeDecode(video, p, n, detectorOutput(p, cfg));
    const t = letterboxTransform(p.width, p.height, cfg.inputSize);
    const squareOut = { ...detectorOutput(p, cfg), width: cfg.inputSize, height: cfg.inputSize };
    const square = (await timeDecode(video, p, n, squareOut)).frames;
    await detectFrame(vision, frames[0]!, t, detectConfig({ every: 1 })); // opens the sessions (not timed)
    const before = await timeDetect(vision, square, letterboxInto(p.width, p.height, cfg.inputSize, cfg.inputSize), cfg);
    const single = await timeDetect(vision, frames, t, detectConfig({ every: 1, pose: false, batch: 1 }));
    const det = await timeDetect(vision, frames, t, detectConfig({ every: 1, pose: false, batch: 4 }));
    const pose = await timeDetect(vision, frames, t, detectConfig({ every: 1, pose: true }));
    const dims = `${frames[0]!.image.width}×${frames[0]!.image.height}`;
    const trackMs = timeMs(() => trackChunk(det.out, [], p.frameCount, p.fps, {}));
    const identity = await timeIdentity(vision, frames, det.out, p, t, cfg);
    report(p, n, decodeMs, [
      [`detect (CenterNet ${cfg.inputSize}² square letterbox, before)`, before.ms],
      [`detect (CenterNet ${dims}, one call per frame)`, single.ms],
      [`detect (CenterNet ${dims}, 4 frames per call)`, det.ms],
      ['detect + pose (MoveNet 256²)', pose.ms],
      ['track (ByteTrack-style, per chunk)', trackMs],
      [`identity (descriptors on ${identity.sampled} frames, merge + clustering)`, identity.ms],
    ]);
    return 0;
  } finally {
    await vision.dispose();
  }
}

async function timeDecode(video: string, p: VideoProbe, n: number, output: DecodeOutput): Promise<{ frames: Decoded[]; ms: number }> {
  const frames: Decoded[] = [];
  const t0 = performance.now();
  for await (const { frame } of decodeFrames({ path: video, probe: p, endFrame: n, outputs: [output], threads: 1 })) {
    frames.push({ index: frame.index, sec: frame.sec, image: { data: frame.data, width: frame.width, height: frame.height } });
  }
  return { frames, ms: performance.now() - t0 };
}

/** Detection of every frame in calls of `cfg.batch` frames (default 1), as the chunk detector makes them. */
async function timeDetect(vision: VisionModels, frames: readonly Decoded[], t: ReturnType<typeof letterboxTransform>, cfg: DetectConfig) {
  const out: FrameDetections[] = [];
  const n = cfg.batch ?? 1;
  const t0 = performance.now();
  for (let i = 0; i < frames.length; i += n) out.push(...(await detectFrames(vision, frames.slice(i, i + n), t, cfg)));
  return { out, ms: performance.now() - t0 };
}

async function timeIdentity(
  vision: VisionModels,
  frames: readonly Decoded[],
  dets: readonly FrameDetections[],
  p: VideoProbe,
  t: ReturnType<typeof letterboxTransform>,
  cfg: DetectConfig,
): Promise<{ ms: number; sampled: number }> {
  const sampled = descriptorFrames(
    frames.map((f) => f.index),
    p.fps,
    cfg.descriptorFps,
  );
  const t0 = performance.now();
  const descriptors: PersonDescriptor[] = [];
  for (const f of frames)
    if (sampled.has(f.index)) descriptors.push(...(await describePeople(vision, f.image, f.index, dets[f.index]!.detections, t, cfg)));
  const end = frames.length;
  const chunk = { index: 0, startFrame: 0, endFrame: end, decodeStartFrame: 0, decodeEndFrame: end, startSec: 0, endSec: end / p.fps };
  const observations = packObservations(trackChunk(dets, [], end, p.fps, {}));
  const stored = descriptors.map((d) => ({
    frame: d.frame,
    detectionIndex: d.detectionIndex,
    appearance: encodeF32(d.appearance),
    ...(d.face ? { face: encodeF32(d.face) } : {}),
  }));
  const shotsFile = { video: p, transitions: [], shots: [{ index: 0, startFrame: 0, endFrame: end, startSec: 0, endSec: end / p.fps }] };
  mergeDetections({ shotsFile, chunks: [{ chunk: chunk as never, detections: { frames: [...dets], observations, descriptors: stored } }] });
  return { ms: performance.now() - t0, sampled: sampled.size };
}

function timeMs(fn: () => unknown): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

function report(p: VideoProbe, n: number, decodeMs: number, rows: [string, number][]): void {
  const w = (s: string) => s.padEnd(62);
  process.stdout.write(`bench detect: ${p.path ?? 'video'} ${p.width}×${p.height}, first ${n} frames, ORT 1 intra-op thread\n`);
  process.stdout.write(`  ${w('stage')} ${'ms/frame'.padStart(9)} ${'÷ decode'.padStart(9)}\n`);
  process.stdout.write(
    `  ${w('decode (detector frames, rgb24, 1 ffmpeg thread) = baseline')} ${(decodeMs / n).toFixed(2).padStart(9)} ${'1.00'.padStart(9)}\n`,
  );
  for (const [label, ms] of rows)
    process.stdout.write(`  ${w(label)} ${(ms / n).toFixed(2).padStart(9)} ${(ms / decodeMs).toFixed(2).padStart(9)}\n`);
}
