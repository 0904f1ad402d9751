/**
 * Shot thumbnails from the decode pass that already runs: one more small output of the same
 * filter graph (THUMBNAIL_FPS frames a second), kept in memory until the chunk knows its
 * shots, then the frame nearest the middle of each shot piece the chunk owns is encoded as
 * a JPEG. The merge keeps, per final shot, the candidate nearest the shot's middle.
 */
import type { Shot, Transition } from '../../core/contracts/shots';
import type { ShotThumbnail, StoredThumbnail } from '../../core/contracts/thumbnails';
import type { Chunk, VideoProbe } from '../../core/contracts/video';
import { shotsFromTransitions } from '../shots';
import type { DecodeOutput } from '../video/decode';
import { TINY_OUTPUT_MAX_SIDE, TINY_OUTPUT_MIN_DOWNSCALE } from '../video/filtergraph';
import type { Frame } from '../video/frame';
import { encodeJpeg } from './jpeg';

/** Name of the decode output that feeds thumbnails. */
export const THUMBNAIL_OUTPUT = 'thumbs';
/**
 * Candidate frames per second: a shot of 0.5 s or more always has one. At 2/s the output
 * adds one scaled frame per 12 of a 25 fps source to the decode (see `bench shots`).
 */
export const THUMBNAIL_FPS = 2;
/** JPEG quality: 80 keeps faces readable at 160 px for ~4 KB. */
export const THUMBNAIL_QUALITY = 80;

/**
 * The thumbnail output for a source: TINY_OUTPUT_MAX_SIDE px wide at the source's aspect,
 * no larger than a TINY_OUTPUT_MIN_DOWNSCALE-th of the source per side, so a shot-only pass
 * still counts as tiny and keeps the fast decode (`fastDecodeApplies`). Even sizes.
 */
export function thumbnailOutput(probe: Pick<VideoProbe, 'width' | 'height' | 'fps'>): DecodeOutput {
  const even = (n: number) => Math.max(2, 2 * Math.floor(n / 2));
  const scale = Math.min(TINY_OUTPUT_MAX_SIDE / Math.max(probe.width, probe.height), 1 / TINY_OUTPUT_MIN_DOWNSCALE);
  return {
    name: THUMBNAIL_OUTPUT,
    width: even(probe.width * scale),
    height: even(probe.height * scale),
    format: 'rgb24',
    fps: Math.min(THUMBNAIL_FPS, probe.fps),
  };
}

/** Collects thumbnail frames of one chunk; `finish` picks and encodes the candidates. */
export interface ShotThumbnailCollector {
  push(frame: Frame): void;
  finish(transitions: readonly Transition[]): StoredThumbnail[];
}

/** Collector for one chunk: frames outside the owned range are dropped on arrival. */
export function createShotThumbnailCollector(chunk: Chunk, fps: number): ShotThumbnailCollector {
  const frames: Frame[] = [];
  return {
    push(frame) {
      if (frame.index >= chunk.startFrame && frame.index < chunk.endFrame) frames.push(frame);
    },
    finish(transitions) {
      const pieces = shotsFromTransitions([...transitions], chunk.decodeEndFrame, fps)
        .map((s) => ({ start: Math.max(s.startFrame, chunk.startFrame), end: Math.min(s.endFrame, chunk.endFrame) }))
        .filter((p) => p.end > p.start);
      const out: StoredThumbnail[] = [];
      for (const p of pieces) {
        const frame = nearest(
          frames.filter((f) => f.index >= p.start && f.index < p.end),
          (p.start + p.end - 1) / 2,
        );
        if (frame) out.push(storedThumbnail(frame));
      }
      return out;
    },
  };
}

function nearest<T extends { index: number }>(items: readonly T[], target: number): T | undefined {
  let best: T | undefined;
  for (const it of items) if (!best || Math.abs(it.index - target) < Math.abs(best.index - target)) best = it;
  return best;
}

function nearestFrame<T extends { frame: number }>(items: readonly T[], target: number): T | undefined {
  let best: T | undefined;
  for (const it of items) if (!best || Math.abs(it.frame - target) < Math.abs(best.frame - target)) best = it;
  return best;
}

function storedThumbnail(frame: Frame): StoredThumbnail {
  const jpeg = encodeJpeg({ data: frame.data, width: frame.width, height: frame.height }, THUMBNAIL_QUALITY);
  return { frame: frame.index, seconds: frame.sec, width: frame.width, height: frame.height, jpeg: Buffer.from(jpeg).toString('base64') };
}

/** A JPEG ready for the pack, with what the index says about it. */
export interface PackEntry<T> {
  meta: T;
  jpeg: Uint8Array;
  width: number;
  height: number;
}

/** Per final shot, the chunk candidate inside it nearest its middle frame (shots without one are left out). */
export function pickShotThumbnails(
  shots: readonly Shot[],
  candidates: readonly StoredThumbnail[],
): PackEntry<Omit<ShotThumbnail, 'offset' | 'bytes' | 'width' | 'height'>>[] {
  const sorted = [...candidates].sort((a, b) => a.frame - b.frame);
  const out: PackEntry<Omit<ShotThumbnail, 'offset' | 'bytes' | 'width' | 'height'>>[] = [];
  let lo = 0;
  for (const shot of shots) {
    while (lo < sorted.length && sorted[lo]!.frame < shot.startFrame) lo++;
    let hi = lo;
    while (hi < sorted.length && sorted[hi]!.frame < shot.endFrame) hi++;
    const best = nearestFrame(sorted.slice(lo, hi), (shot.startFrame + shot.endFrame - 1) / 2);
    if (best) {
      out.push({
        meta: { shotIndex: shot.index, frame: best.frame, seconds: best.seconds },
        jpeg: Buffer.from(best.jpeg, 'base64'),
        width: best.width,
        height: best.height,
      });
    }
  }
  return out;
}
