import { LvuError } from '../../core/errors';

/**
 * Stable codes for everything that can be wrong with a video file. The CLI prints them,
 * the API returns them, and a video record that failed carries one.
 */
export const VideoErrorCode = {
  FileMissing: 'VIDEO_FILE_MISSING',
  NotAVideo: 'VIDEO_NOT_A_VIDEO',
  Corrupt: 'VIDEO_CORRUPT',
  Truncated: 'VIDEO_TRUNCATED',
  ZeroDuration: 'VIDEO_ZERO_DURATION',
  UnsupportedCodec: 'VIDEO_UNSUPPORTED_CODEC',
  AbsurdDimensions: 'VIDEO_ABSURD_DIMENSIONS',
  DecodeFailed: 'VIDEO_DECODE_FAILED',
  FfmpegMissing: 'FFMPEG_MISSING',
  Aborted: 'ABORTED',
} as const;
export type VideoErrorCode = (typeof VideoErrorCode)[keyof typeof VideoErrorCode];

/** A problem with a video file or with decoding it; `details.stderr` holds ffmpeg's words. */
export class VideoError extends LvuError {
  override readonly name = 'VideoError';
  constructor(code: VideoErrorCode, message: string, options: { cause?: unknown; details?: Record<string, unknown> } = {}) {
    super(code, message, options);
  }
}
