import { open } from 'node:fs/promises';
import type { Chunk, VideoProbe } from '../../core/contracts/video';

/** A byte range [start, end) of a file. */
export type ByteRange = [number, number];

/** Containers whose index is a top-level box (ffprobe `format_name`s of the mov demuxer). */
const MOV_FAMILY = /(^|,)(mov|mp4|m4a|3gp|3g2|mj2)(,|$)/;

/** Top-level boxes holding media samples: only their headers are index data. */
const MEDIA_BOXES = new Set(['mdat', 'free', 'skip', 'wide']);

/**
 * Bytes of a box header to keep for every top-level box: size, type, and a 64-bit size
 * when the 32-bit one is 1. ffmpeg's mov demuxer walks these headers to find `moov`.
 */
const BOX_HEADER_BYTES = 16;

/**
 * Keyframe intervals read past the decode range: the decoder may look a few packets ahead
 * of the last frame it outputs (frame threads, B-frame reordering); one interval (one GOP,
 * 1–10 s of video) covers that with room to spare.
 */
const READ_AHEAD_INTERVALS = 0;

/**
 * The byte ranges of an MP4/MOV file that are not media samples: each top-level box's
 * header, and the whole of every box but `mdat` (ftyp, moov, moof, sidx, …). Undefined for
 * other containers (their index lies elsewhere: Matroska Cues, AVI idx1), which are then
 * read whole. Reads only the box headers.
 */
export async function containerIndexRanges(path: string, container: string, bytes: number): Promise<ByteRange[] | undefined> {
  if (!MOV_FAMILY.test(container)) return undefined;
  const file = await open(path, 'r');
  try {
    const ranges: ByteRange[] = [];
    const head = Buffer.alloc(BOX_HEADER_BYTES);
    for (let at = 0; at < bytes; ) {
      const { bytesRead } = await file.read(head, 0, BOX_HEADER_BYTES, at);
      if (bytesRead < 8) break;
      const size = boxSize(head, at, bytes);
      if (size === undefined) return undefined;
      const type = head.toString('latin1', 4, 8);
      ranges.push([at, Math.min(bytes, at + (MEDIA_BOXES.has(type) ? BOX_HEADER_BYTES : size))]);
      at += size;
    }
    return ranges;
  } finally {
    await file.close();
  }
}

/** A box's size from its header (32-bit, 64-bit when 1, to the end of file when 0); undefined when malformed. */
function boxSize(head: Buffer, at: number, bytes: number): number | undefined {
  const small = head.readUInt32BE(0);
  const size = small === 1 ? Number(head.readBigUInt64BE(8)) : small === 0 ? bytes - at : small;
  return size >= 8 ? size : undefined;
}

/**
 * What a chunk task must read of the source to decode frames [decodeStartFrame,
 * decodeEndFrame): the container's index ranges plus the packet spans of every keyframe
 * interval the range touches (and READ_AHEAD_INTERVALS more), merged. Undefined when the
 * probe cannot say (no packet positions, or a container read whole): read all of it.
 *
 * @example chunkSourceRanges(probe, plan.chunks[3]) // → [[0, 48213], [9120334, 12873310]]
 */
export function chunkSourceRanges(probe: VideoProbe, chunk: Pick<Chunk, 'decodeStartFrame' | 'decodeEndFrame'>): ByteRange[] | undefined {
  const spans = probe.keyframeSpans;
  if (!spans || !probe.indexRanges || spans.length !== probe.keyframeFrames.length || spans.length === 0) return undefined;
  const first = intervalOf(probe.keyframeFrames, chunk.decodeStartFrame);
  const last = Math.min(spans.length - 1, intervalOf(probe.keyframeFrames, chunk.decodeEndFrame - 1) + READ_AHEAD_INTERVALS);
  const wanted: ByteRange[] = [...probe.indexRanges, ...spans.slice(first, last + 1)];
  // Frames before the first keyframe (rare) are decoded from the start of the media.
  if (chunk.decodeStartFrame < (probe.keyframeFrames[0] ?? 0)) return undefined;
  return mergeRanges(wanted);
}

/** The keyframe interval holding `frame` (the last keyframe at or before it). */
function intervalOf(keyframes: readonly number[], frame: number): number {
  let lo = 0;
  let hi = keyframes.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (keyframes[mid]! <= frame) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Sorts and joins overlapping or touching ranges. */
export function mergeRanges(ranges: readonly ByteRange[]): ByteRange[] {
  const sorted = ranges.filter(([a, b]) => b > a).sort((x, y) => x[0] - y[0]);
  const out: ByteRange[] = [];
  for (const [a, b] of sorted) {
    const top = out[out.length - 1];
    if (top && a <= top[1]) top[1] = Math.max(top[1], b);
    else out.push([a, b]);
  }
  return out;
}

/** Total bytes of merged ranges. */
export function rangeBytes(ranges: readonly ByteRange[]): number {
  return ranges.reduce((sum, [a, b]) => sum + (b - a), 0);
}
