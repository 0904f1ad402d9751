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
}

/** Bytes per pixel of a format. */
export function channelsOf(format: PixelFormat): 1 | 3 {
  return format === 'gray' ? 1 : 3;
}
