/**
 * The detector's frames come from the chunk decoder already fitted to the model's input
 * (resize fused into decoding, ffmpeg `scale=…:force_original_aspect_ratio=decrease,
 * pad=…`). CenterNet is fully convolutional (any H and W multiples of 32), so the input
 * is not a 512² square: the longer side is `inputSize` and the other side the frame's,
 * padded up to a multiple of 32 (`detectorInputDims`): 512×288 for 16:9 and 512×384 for
 * 4:3, with no padding, where the square letterbox spent 44% and 25% of its pixels on
 * black bars. This module names that decoder output and the exact mapping between source
 * pixels and detector pixels, computed as ffmpeg computes it.
 */
import type { VideoProbe } from '../../core/contracts/video';
import { CENTERNET_STRIDE, strideAlignedDims, type FitTransform } from '../../models';
import type { DecodeOutput } from '../video';
import { detectorFps, type DetectConfig } from './config';

/** Name of the detector stream in the chunk decoder's outputs. */
export const DETECT_OUTPUT = 'detect';

/**
 * Detector input dims for a source frame: the longer side `size`, the other padded up to a
 * multiple of CenterNet's stride (32).
 *
 * @example
 *   detectorInputDims(640, 360, 512) // { width: 512, height: 288 }
 *   detectorInputDims(768, 576, 512) // { width: 512, height: 384 } (PETS09-S2L1)
 */
export function detectorInputDims(srcWidth: number, srcHeight: number, size: number): { width: number; height: number } {
  return strideAlignedDims(srcWidth, srcHeight, size, CENTERNET_STRIDE);
}

/** The decoder output for detection: rgb24 at `detectorInputDims`, letterboxed, at the detection rate. */
export function detectorOutput(probe: Pick<VideoProbe, 'fps' | 'width' | 'height'>, cfg: DetectConfig): DecodeOutput {
  const fps = detectorFps(cfg, probe.fps);
  const { width, height } = detectorInputDims(probe.width, probe.height, cfg.inputSize);
  return {
    name: DETECT_OUTPUT,
    width,
    height,
    format: 'rgb24',
    fit: 'letterbox',
    ...(fps !== undefined ? { fps } : {}),
  };
}

/**
 * Source → detector-frame mapping of the decoder output `detectorOutput` gives: the frame
 * letterboxed into `detectorInputDims(srcWidth, srcHeight, size)`.
 *
 * @example
 *   letterboxTransform(768, 576, 512) // scale 2/3, no padding: a 512×384 frame
 *   letterboxTransform(1920, 800, 512) // 512×213 picture, padY 5, in a 512×224 frame
 */
export function letterboxTransform(srcWidth: number, srcHeight: number, size: number): FitTransform {
  const { width, height } = detectorInputDims(srcWidth, srcHeight, size);
  return letterboxInto(srcWidth, srcHeight, width, height);
}

/**
 * Source → letterbox mapping of ffmpeg's `scale=W:H:force_original_aspect_ratio=decrease`
 * (each side rounded to nearest, `av_rescale`, then capped at W and H) followed by
 * `pad=W:H:(ow-iw)/2:(oh-ih)/2` (truncated).
 *
 * @example
 *   letterboxInto(768, 576, 512, 512) // scale 2/3, padY 64: a 512×384 picture in a 512² frame
 */
export function letterboxInto(srcWidth: number, srcHeight: number, dstWidth: number, dstHeight: number): FitTransform {
  const w = Math.min(dstWidth, Math.round((dstHeight * srcWidth) / srcHeight));
  const h = Math.min(dstHeight, Math.round((dstWidth * srcHeight) / srcWidth));
  return {
    scaleX: w / srcWidth,
    scaleY: h / srcHeight,
    padX: Math.floor((dstWidth - w) / 2),
    padY: Math.floor((dstHeight - h) / 2),
    srcWidth,
    srcHeight,
    dstWidth,
    dstHeight,
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
