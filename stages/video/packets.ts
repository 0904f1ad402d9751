import { VideoError, VideoErrorCode } from './errors';
import { ffmpegPaths, runTool, tailText } from './ffmpeg';

/** One video packet as ffprobe lists it (times in seconds; NaN when absent). */
export interface Packet {
  ptsSec: number;
  dtsSec: number;
  durationSec: number;
  keyframe: boolean;
  pos: number;
  size: number;
}

/**
 * Lists the video packets of the first video stream. Reading packets (not frames) gives the
 * exact frame count and keyframes without decoding.
 */
export async function readPackets(path: string, options: { signal?: AbortSignal } = {}): Promise<Packet[]> {
  const { ffprobe } = ffmpegPaths();
  const args = [
    '-v',
    'error',
    '-select_streams',
    'v:0',
    '-show_entries',
    'packet=pts_time,dts_time,duration_time,flags,pos,size',
    '-of',
    'csv=p=0',
    path,
  ];
  const res = await runTool(ffprobe, args, options);
  if (res.code !== 0) {
    throw new VideoError(VideoErrorCode.Corrupt, `${path}: packets could not be read`, { details: { stderr: tailText(res.stderr) } });
  }
  return res.stdout
    .split('\n')
    .filter((l) => l.length > 0)
    .map(parsePacketLine);
}

function parsePacketLine(line: string): Packet {
  const [pts, dts, dur, size, pos, flags] = line.split(',');
  return {
    ptsSec: Number(pts),
    dtsSec: Number(dts),
    durationSec: Number(dur),
    size: Number(size),
    pos: Number(pos),
    keyframe: (flags ?? '').includes('K'),
  };
}

export interface PacketSummary {
  frameCount: number;
  fps: number;
  variableFrameRate: boolean;
  durationSec: number;
  startSec: number;
  keyframeSecs: number[];
  keyframeFrames: number[];
  /** Bytes of the frames from each keyframe up to the next (presentation order). */
  keyframeBytes: number[];
  /**
   * File byte span [start, end) holding the packets of each keyframe interval (presentation
   * order, so reordered B-frames and the next keyframe they need are inside); absent when
   * the container gives no packet positions.
   */
  keyframeSpans?: [number, number][];
  /** Set when a packet lies beyond the end of the file: the bytes needed. */
  truncatedAt?: number;
}

/** Packet durations may vary by this fraction before a stream counts as variable-rate. */
const VFR_TOLERANCE = 0.01;

/**
 * Derives frame count, fps, variable-rate flag, keyframe times and decoded indices from the
 * packet list. Presentation order is the order of pts (dts, then file order, when pts is
 * absent), so a keyframe's decoded index is its rank among presentation times.
 */
export function summarisePackets(packets: Packet[], fileBytes: number, declaredFps: number | undefined): PacketSummary {
  const frames = packets.filter((p) => p.size > 0);
  const times = frames.map((p, i) => presentationTime(p, i, declaredFps));
  const order = times.map((t, i) => ({ t, i })).sort((a, b) => a.t - b.t || a.i - b.i);
  const rankOf = new Int32Array(frames.length);
  order.forEach((o, rank) => (rankOf[o.i] = rank));
  const startSec = order[0]?.t ?? 0;
  const sorted = order.map((o) => o.t);
  const { fps, variable } = frameRate(sorted, declaredFps);
  const last = frames.length > 0 ? Math.max(...lastDurations(frames)) : 0;
  const durationSec = sorted.length > 0 ? sorted[sorted.length - 1]! - startSec + (last > 0 ? last : 1 / fps) : 0;
  const keyIdx = frames
    .map((p, i) => (p.keyframe ? rankOf[i]! : -1))
    .filter((r) => r >= 0)
    .sort((a, b) => a - b);
  const keyframeBytes = bytesPerKeyframe(
    frames.map((p) => p.size),
    rankOf,
    keyIdx,
  );
  const keyframeSpans = frames.every((p) => Number.isFinite(p.pos) && p.pos >= 0) ? spansPerKeyframe(frames, rankOf, keyIdx) : undefined;
  const end = frames.reduce((m, p) => (Number.isFinite(p.pos) ? Math.max(m, p.pos + p.size) : m), 0);
  return {
    frameCount: frames.length,
    fps,
    variableFrameRate: variable,
    durationSec,
    startSec,
    keyframeFrames: keyIdx,
    keyframeSecs: keyIdx.map((r) => sorted[r]! - startSec),
    keyframeBytes,
    ...(keyframeSpans ? { keyframeSpans } : {}),
    ...(end > fileBytes ? { truncatedAt: end } : {}),
  };
}

/** Sums packet sizes per keyframe interval [keyframe i, keyframe i+1) in presentation order; frames before the first keyframe count for none. */
function bytesPerKeyframe(sizes: number[], rankOf: Int32Array, keyframes: number[]): number[] {
  const byRank = new Float64Array(sizes.length);
  sizes.forEach((size, i) => (byRank[rankOf[i]!] = size));
  return keyframes.map((k, i) => {
    let sum = 0;
    for (let r = k; r < (keyframes[i + 1] ?? sizes.length); r++) sum += byRank[r]!;
    return sum;
  });
}

/** Byte span [min pos, max pos + size) of the packets of each keyframe interval in presentation order. */
function spansPerKeyframe(frames: Packet[], rankOf: Int32Array, keyframes: number[]): [number, number][] {
  const byRank = new Array<Packet>(frames.length);
  frames.forEach((p, i) => (byRank[rankOf[i]!] = p));
  return keyframes.map((k, i) => {
    let lo = Infinity;
    let hi = 0;
    for (let r = k; r < (keyframes[i + 1] ?? frames.length); r++) {
      lo = Math.min(lo, byRank[r]!.pos);
      hi = Math.max(hi, byRank[r]!.pos + byRank[r]!.size);
    }
    return [lo, hi];
  });
}

function presentationTime(p: Packet, index: number, fps: number | undefined): number {
  if (Number.isFinite(p.ptsSec)) return p.ptsSec;
  if (Number.isFinite(p.dtsSec)) return p.dtsSec;
  return index / (fps ?? 25);
}

function lastDurations(frames: Packet[]): number[] {
  const d = frames[frames.length - 1]?.durationSec;
  return [Number.isFinite(d) ? d! : 0];
}

/** Median frame interval gives the rate; spread beyond VFR_TOLERANCE marks it variable. */
function frameRate(sorted: number[], declared: number | undefined): { fps: number; variable: boolean } {
  if (sorted.length < 3) return { fps: declared ?? 25, variable: false };
  const gaps = new Float64Array(sorted.length - 1);
  for (let i = 1; i < sorted.length; i++) gaps[i - 1] = sorted[i]! - sorted[i - 1]!;
  const s = Float64Array.from(gaps).sort();
  const median = s[s.length >> 1]!;
  const lo = s[Math.floor(s.length * 0.02)]!;
  const hi = s[Math.ceil(s.length * 0.98) - 1]!;
  const variable = median > 0 && (hi - lo) / median > VFR_TOLERANCE;
  if (!variable && declared) return { fps: declared, variable };
  const span = sorted[sorted.length - 1]! - sorted[0]!;
  return { fps: span > 0 ? (sorted.length - 1) / span : (declared ?? 25), variable };
}
