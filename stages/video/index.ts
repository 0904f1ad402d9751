export { probe } from './probe';
export { planChunks, keyframeAtOrBefore } from './chunks';
export { decodeFrames, type DecodeRequest, type DecodedFrame, type DecodeOutput } from './decode';
export { selectedFrames } from './filtergraph';
export { VideoError, VideoErrorCode } from './errors';
export type { Frame, PixelFormat } from './frame';
export { timeFfmpegNull, loopVideo } from './baseline';
