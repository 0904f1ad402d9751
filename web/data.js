// Everything the video view shows, loaded once per opened video; boxes come by time window.
import { api, fetchArtifact } from './api.js';

/** Seconds per tracks request (the server stores one-minute windows). */
const WINDOW_SEC = 60;

/**
 * Loads results, shots, track spans, thumbnails and scenes of a finished video in
 * parallel. Artifacts a video lacks (a shot-only run, an older analysis) come back null.
 */
export async function loadVideo(videoId) {
  const [results, shots] = await Promise.all([api('GET', `/videos/${videoId}/results`), api('GET', `/videos/${videoId}/shots`)]);
  const links = results.artifacts;
  const optional = (name, as) => (links[name] ? fetchArtifact(links[name].url, as) : Promise.resolve(null));
  const [spans, thumbs, pack, scenesFile] = await Promise.all([
    links['track-spans'] ? optional('track-spans') : links.tracks ? tracksAsSpans(videoId) : null,
    optional('thumbnails'),
    optional('thumbnails.jpgs', 'bytes'),
    optional('scenes'),
  ]);
  return {
    videoId,
    results,
    shots,
    spans,
    thumbs,
    pack,
    scenes: scenesOf(scenesFile, results.answers),
    answers: answersOf(results.answers),
    boxes: new BoxWindows(videoId, Boolean(links.tracks)),
  };
}

/** Older videos without track-spans.json: spans computed from the whole tracks.json. */
async function tracksAsSpans(videoId) {
  const file = await api('GET', `/videos/${videoId}/tracks`);
  return {
    windowSec: WINDOW_SEC,
    tracks: file.tracks.map((t) => ({
      id: t.id,
      classId: t.classId,
      className: t.className,
      identityId: t.identityId,
      startSec: t.points[0].seconds,
      endSec: t.points[t.points.length - 1].seconds,
      points: t.points.length,
    })),
  };
}

/** scenes.json when the scene stage ran, else the transformer's scene segments, else none. */
function scenesOf(file, answers) {
  if (file?.scenes)
    return file.scenes.map((s) => ({ startSec: s.startSec, endSec: s.endSec, label: `scene ${s.index + 1}`, confidence: s.confidence }));
  for (const doc of Object.values(answers ?? {})) {
    if (doc?.video?.scenes?.length)
      return doc.video.scenes.map((s, i) => ({ startSec: s.startSec, endSec: s.endSec, label: `scene ${i + 1}`, confidence: s.cohesion }));
  }
  return [];
}

/** Every task answer of every model version, flattened: `{ model, name, answer }`. */
function answersOf(answers) {
  const out = [];
  for (const [model, doc] of Object.entries(answers ?? {})) {
    for (const [name, answer] of Object.entries(doc?.tasks ?? {})) out.push({ model, name, answer });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name) || a.model.localeCompare(b.model));
}

/** Tracks by one-minute window, fetched on demand (the minute on screen and the next). */
class BoxWindows {
  constructor(videoId, available) {
    this.videoId = videoId;
    this.available = available;
    this.windows = new Map();
  }

  /** The tracks of the window holding `sec`, or undefined while it loads. */
  at(sec) {
    if (!this.available) return [];
    const k = Math.max(0, Math.floor(sec / WINDOW_SEC));
    this.load(k + 1);
    return this.load(k).tracks;
  }

  /** Resolves once the window holding `sec` is loaded. */
  async ready(sec) {
    if (!this.available) return;
    await this.load(Math.max(0, Math.floor(sec / WINDOW_SEC))).promise;
  }

  load(k) {
    let w = this.windows.get(k);
    if (w) return w;
    w = { tracks: undefined, promise: undefined };
    w.promise = api('GET', `/videos/${this.videoId}/tracks?fromSec=${k * WINDOW_SEC}&toSec=${(k + 1) * WINDOW_SEC}`)
      .then((res) => (w.tracks = res.tracks))
      .catch(() => (w.tracks = []));
    this.windows.set(k, w);
    // A long session keeps at most a few minutes of boxes.
    if (this.windows.size > 6) this.windows.delete(this.windows.keys().next().value);
    return w;
  }
}

/** Decoded thumbnails from the pack, cached (bounded) by entry. */
export class Thumbs {
  constructor(index, pack) {
    this.byShot = new Map((index?.shots ?? []).map((s) => [s.shotIndex, s]));
    this.byIdentity = new Map((index?.identities ?? []).map((s) => [s.identityId, s]));
    this.pack = pack;
    this.cache = new Map();
  }

  /** An object URL for an `<img>` (identity thumbnails: few, kept). */
  url(entry) {
    if (!entry || !this.pack) return null;
    return URL.createObjectURL(new Blob([this.pack.subarray(entry.offset, entry.offset + entry.bytes)], { type: 'image/jpeg' }));
  }

  /** The ImageBitmap of a shot's thumbnail, or null while it decodes (`onReady` is called then). */
  bitmap(shotIndex, onReady) {
    const entry = this.byShot.get(shotIndex);
    if (!entry || !this.pack) return null;
    const hit = this.cache.get(shotIndex);
    if (hit) return hit.bitmap;
    const slot = { bitmap: null };
    this.cache.set(shotIndex, slot);
    createImageBitmap(new Blob([this.pack.subarray(entry.offset, entry.offset + entry.bytes)], { type: 'image/jpeg' }))
      .then((b) => {
        slot.bitmap = b;
        onReady();
      })
      .catch(() => undefined);
    if (this.cache.size > 600) {
      const [oldKey, old] = this.cache.entries().next().value;
      old.bitmap?.close();
      this.cache.delete(oldKey);
    }
    return null;
  }
}
