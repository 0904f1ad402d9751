/** Pixel layouts the decoder can deliver: 1 byte per pixel (gray) or 3 (rgb24, RGBRGB…). */
export type PixelFormat = 'gray' | 'rgb24';

/**
 * One decoded frame of one output stream. `index` is the 0-based decoded frame index in the
 * source video (not in the stream), `sec` its presentation time in seconds from the start.
 * `data` is row-major, `width * height * channels` bytes, no padding.
 */
export interface Frame {
  index: number;
  sec: number;
  width: number;
  height: number;
  format: PixelFormat;
  data: Uint8Array;
  /**
   * Whether the source coded this frame as a keyframe (its packet's key flag), when the
   * decoder was asked (absent: not known). Encoders refresh the whole picture there, so a
   * still, dark shot steps a little on each one (keyframe pulsing).
   */
  key?: boolean;
}

/** Bytes per pixel of a format. */
export function channelsOf(format: PixelFormat): 1 | 3 {
  return format === 'gray' ? 1 : 3;
}
