/**
 * The detector's frames come from the chunk decoder already letterboxed to the model's
 * input size (resize fused into decoding, ffmpeg `scale=…:force_original_aspect_ratio=
 * decrease,pad=…`). This module names that decoder output and the exact mapping between
 * source pixels and letterbox pixels, computed as ffmpeg computes it.
 */
import type { VideoProbe } from '../../core/contracts/video';
import type { FitTransform } from '../../models';
import type { DecodeOutput } from '../video';
import { detectorFps, type DetectConfig } from './config';

/** Name of the detector stream in the chunk decoder's outputs. */
export const DETECT_OUTPUT = 'detect';

/** The decoder output for detection: letterboxed `inputSize²` rgb24 at the detection rate. */
export function detectorOutput(probe: Pick<VideoProbe, 'fps'>, cfg: DetectConfig): DecodeOutput {
  const fps = detectorFps(cfg, probe.fps);
  return {
    name: DETECT_OUTPUT,
    width: cfg.inputSize,
    height: cfg.inputSize,
    format: 'rgb24',
    fit: 'letterbox',
    ...(fps !== undefined ? { fps } : {}),
  };
}

/**
 * Source → letterbox mapping of ffmpeg's `force_original_aspect_ratio=decrease` (each side
 * rounded to nearest, `av_rescale`) followed by `pad=(ow-iw)/2:(oh-ih)/2` (truncated).
 *
 * @example
 *   letterboxTransform(768, 576, 512) // scale 2/3, padY 64: a 512×384 picture in a 512² frame
 */
export function letterboxTransform(srcWidth: number, srcHeight: number, size: number): FitTransform {
  const w = Math.min(size, Math.round((size * srcWidth) / srcHeight));
  const h = Math.min(size, Math.round((size * srcHeight) / srcWidth));
  return {
    scaleX: w / srcWidth,
    scaleY: h / srcHeight,
    padX: Math.floor((size - w) / 2),
    padY: Math.floor((size - h) / 2),
    srcWidth,
    srcHeight,
    dstWidth: size,
    dstHeight: size,
  };
}

/** Maps a box [x1, y1, x2, y2] in letterbox pixels back to source pixels, clamped to the frame. */
export function toSourceBox(box: { x1: number; y1: number; x2: number; y2: number }, t: FitTransform): [number, number, number, number] {
  const x = (v: number) => Math.min(t.srcWidth, Math.max(0, (v - t.padX) / t.scaleX));
  const y = (v: number) => Math.min(t.srcHeight, Math.max(0, (v - t.padY) / t.scaleY));
  return [x(box.x1), y(box.y1), x(box.x2), y(box.y2)];
}

/** Maps a box [x1, y1, x2, y2] in source pixels into letterbox pixels. */
export function toLetterboxBox(box: ArrayLike<number>, t: FitTransform): { x1: number; y1: number; x2: number; y2: number } {
  return {
    x1: box[0]! * t.scaleX + t.padX,
    y1: box[1]! * t.scaleY + t.padY,
    x2: box[2]! * t.scaleX + t.padX,
    y2: box[3]! * t.scaleY + t.padY,
  };
}
