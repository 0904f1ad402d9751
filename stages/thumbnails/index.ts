/**
 * Thumbnails for the viewer: per shot (from the decode pass) and per identity (from the
 * detector frames), packed into one file of JPEGs with a JSON index (core/contracts/thumbnails).
 */
import {
  THUMBNAILS_PACK_FILE,
  type StoredPersonThumbnail,
  type StoredThumbnail,
  type ThumbnailsFile,
} from '../../core/contracts/thumbnails';
import type { ShotsFile } from '../../core/contracts/shots';
import type { TracksFile } from '../../core/contracts/tracks';
import { pickIdentityThumbnails } from './people';
import { pickShotThumbnails, type PackEntry } from './shots';

export { encodeJpeg } from './jpeg';
export { createPersonThumbnailCollector, type PersonThumbnailCollector } from './people';
export { createShotThumbnailCollector, THUMBNAIL_OUTPUT, thumbnailOutput, type ShotThumbnailCollector } from './shots';

/** The thumbnail artifacts: the index (`thumbnails.json`) and the pack of JPEGs (`thumbnails.jpgs`). */
export interface Thumbnails {
  thumbnailsFile: ThumbnailsFile;
  pack: Uint8Array;
}

/**
 * Picks the shot and identity thumbnails from the chunks' candidates and packs them:
 * shots first (in shot order), then identities (by id). Deterministic bytes.
 */
export function buildThumbnails(input: {
  shotsFile: ShotsFile;
  shotCandidates: readonly StoredThumbnail[];
  tracksFile?: TracksFile;
  personCandidates?: readonly StoredPersonThumbnail[];
}): Thumbnails {
  const shots = pickShotThumbnails(input.shotsFile.shots, input.shotCandidates);
  const people = input.tracksFile && input.personCandidates ? pickIdentityThumbnails(input.tracksFile, input.personCandidates) : [];
  const parts: Uint8Array[] = [];
  let offset = 0;
  const place = <T>(e: PackEntry<T>) => {
    const at = { ...e.meta, offset, bytes: e.jpeg.length, width: e.width, height: e.height };
    parts.push(e.jpeg);
    offset += e.jpeg.length;
    return at;
  };
  const thumbnailsFile: ThumbnailsFile = { pack: THUMBNAILS_PACK_FILE, shots: shots.map(place), identities: people.map(place) };
  const pack = new Uint8Array(offset);
  let o = 0;
  for (const p of parts) {
    pack.set(p, o);
    o += p.length;
  }
  return { thumbnailsFile, pack };
}
