/**
 * Identity thumbnails: on the descriptor frames (1/s) every described person leaves a small
 * crop — the head square where BlazeFace found a face (the "face" thumbnail), else the whole
 * person box — from the letterboxed detector frame the chunk already holds. Each chunk
 * keeps its best crop per chunk track as a JPEG; the merge finds each candidate's final
 * track by box overlap and keeps the best per identity (faces first, then size × score).
 */
import type { IdentityThumbnail, StoredPersonThumbnail } from '../../core/contracts/thumbnails';
import type { Track, TracksFile } from '../../core/contracts/tracks';
import type { Detection } from '../../core/contracts/tracks';
import type { FitTransform, RgbImage } from '../../models';
import { cropImage, type PersonDescriptor } from '../detect/descriptors';
import { toLetterboxBox } from '../detect/frames';
import { iou } from '../track';
import { encodeJpeg } from './jpeg';
import type { PackEntry } from './shots';

/** Longest side of a person thumbnail (px); crops are area-averaged down to it, never up. */
export const PERSON_THUMBNAIL_MAX_SIDE = 96;
/** Any face beats any person crop. */
const FACE_BONUS = 1e9;
/** A candidate belongs to the final track whose box on its frame overlaps it this much. */
const MIN_MATCH_IOU = 0.5;

interface Candidate {
  frame: number;
  seconds: number;
  detectionIndex: number;
  kind: 'face' | 'person';
  quality: number;
  box: [number, number, number, number];
  image: RgbImage;
}

/** Collects crops of one chunk's described people; `finish` keeps the best per chunk track. */
export interface PersonThumbnailCollector {
  add(
    frame: { index: number; sec: number; image: RgbImage },
    detections: readonly Detection[],
    people: readonly PersonDescriptor[],
    t: FitTransform,
  ): void;
  /** `observations` rows are [frame, detectionIndex, chunkTrackId, …] (ChunkDetections.observations). */
  finish(observations: readonly number[][]): StoredPersonThumbnail[];
}

/** A collector for one chunk task. */
export function createPersonThumbnailCollector(): PersonThumbnailCollector {
  const candidates: Candidate[] = [];
  return {
    add(frame, detections, people, t) {
      for (const p of people) {
        const d = detections[p.detectionIndex];
        if (d?.classId !== 0) continue;
        const lb = toLetterboxBox(d.box, t);
        const side = Math.min(lb.x2 - lb.x1, lb.y2 - lb.y1);
        const region = p.face ? { x1: lb.x1, y1: lb.y1, x2: lb.x1 + side, y2: lb.y1 + side } : lb;
        // Centre the head square on the box horizontally (the box is often wider than the head).
        if (p.face) Object.assign(region, { x1: (lb.x1 + lb.x2 - side) / 2, x2: (lb.x1 + lb.x2 + side) / 2 });
        const crop = cropImage(frame.image, {
          x1: Math.floor(region.x1),
          y1: Math.floor(region.y1),
          x2: Math.ceil(region.x2),
          y2: Math.ceil(region.y2),
        });
        if (crop.width < 8 || crop.height < 8) continue;
        const area = (lb.x2 - lb.x1) * (lb.y2 - lb.y1);
        candidates.push({
          frame: frame.index,
          seconds: frame.sec,
          detectionIndex: p.detectionIndex,
          kind: p.face ? 'face' : 'person',
          quality: (p.face ? FACE_BONUS : 0) + area * d.score,
          box: [...d.box] as [number, number, number, number],
          image: downscale(crop, PERSON_THUMBNAIL_MAX_SIDE),
        });
      }
    },
    finish(observations) {
      const trackAt = new Map<string, number>();
      for (const [frame, det, track] of observations) trackAt.set(`${frame}/${det}`, track!);
      const best = new Map<number, Candidate>();
      for (const c of candidates) {
        const track = trackAt.get(`${c.frame}/${c.detectionIndex}`);
        if (track === undefined) continue;
        const seen = best.get(track);
        if (!seen || c.quality > seen.quality) best.set(track, c);
      }
      return [...best.values()]
        .sort((a, b) => a.frame - b.frame || a.detectionIndex - b.detectionIndex)
        .map(({ image, ...c }) => ({
          ...c,
          width: image.width,
          height: image.height,
          jpeg: Buffer.from(encodeJpeg(image, 85)).toString('base64'),
        }));
    },
  };
}

/**
 * Area-average downscale so the longer side is at most `maxSide` (images already small
 * enough are returned as they are).
 */
export function downscale(img: RgbImage, maxSide: number): RgbImage {
  const s = maxSide / Math.max(img.width, img.height);
  if (s >= 1) return img;
  const width = Math.max(1, Math.round(img.width * s)),
    height = Math.max(1, Math.round(img.height * s));
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    const y0 = Math.floor((y * img.height) / height),
      y1 = Math.max(y0 + 1, Math.floor(((y + 1) * img.height) / height));
    for (let x = 0; x < width; x++) {
      const x0 = Math.floor((x * img.width) / width),
        x1 = Math.max(x0 + 1, Math.floor(((x + 1) * img.width) / width));
      let r = 0,
        g = 0,
        b = 0;
      for (let yy = y0; yy < y1; yy++)
        for (let xx = x0; xx < x1; xx++) {
          const p = (yy * img.width + xx) * 3;
          r += img.data[p]!;
          g += img.data[p + 1]!;
          b += img.data[p + 2]!;
        }
      const n = (y1 - y0) * (x1 - x0),
        o = (y * width + x) * 3;
      data[o] = Math.round(r / n);
      data[o + 1] = Math.round(g / n);
      data[o + 2] = Math.round(b / n);
    }
  }
  return { data, width, height };
}

/**
 * Per identity, the best stored candidate whose detection box matches a point of one of the
 * identity's final tracks on the same frame (IoU ≥ MIN_MATCH_IOU).
 */
export function pickIdentityThumbnails(
  tracksFile: TracksFile,
  candidates: readonly StoredPersonThumbnail[],
): PackEntry<Omit<IdentityThumbnail, 'offset' | 'bytes' | 'width' | 'height'>>[] {
  const pointsAt = new Map<number, { track: Track; box: readonly number[] }[]>();
  for (const track of tracksFile.tracks) {
    if (track.identityId === null || track.classId !== 0) continue;
    for (const p of track.points) pointsAt.set(p.frame, [...(pointsAt.get(p.frame) ?? []), { track, box: p.box }]);
  }
  const best = new Map<number, { c: StoredPersonThumbnail; track: Track }>();
  for (const c of candidates) {
    let match: { track: Track; overlap: number } | undefined;
    for (const at of pointsAt.get(c.frame) ?? []) {
      const overlap = iou(Float64Array.from(at.box), Float64Array.from(c.box));
      if (overlap >= MIN_MATCH_IOU && (!match || overlap > match.overlap)) match = { track: at.track, overlap };
    }
    if (!match) continue;
    const id = match.track.identityId!;
    const seen = best.get(id);
    if (!seen || c.quality > seen.c.quality) best.set(id, { c, track: match.track });
  }
  return [...best.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([identityId, { c, track }]) => ({
      meta: { identityId, trackId: track.id, frame: c.frame, seconds: c.seconds, kind: c.kind },
      jpeg: Buffer.from(c.jpeg, 'base64'),
      width: c.width,
      height: c.height,
    }));
}
