import type { ShotsFile } from '../../../core/contracts/shots';
import type { ThumbnailsFile } from '../../../core/contracts/thumbnails';
import type { TracksFile } from '../../../core/contracts/tracks';
import type { Analysis } from './seed';

/** The tenant the browser tests' key belongs to. */
export const TENANT = 'web';

/** Timings and sizes the browser tests measure (written to test-output/web/figures.json). */
export type Figures = Record<string, number | string>;

/** GET of the API with the key; throws on non-2xx. */
export async function apiGet<T>(baseUrl: string, key: string, route: string): Promise<T> {
  const res = await fetch(`${baseUrl}/v1${route}`, { headers: { authorization: `Bearer ${key}` } });
  if (!res.ok) throw new Error(`GET ${route} → ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** A finished video's artifacts, read back through the API (what a seeded long video repeats). */
export async function analysisOf(baseUrl: string, key: string, videoId: string): Promise<Analysis> {
  const results = await apiGet<{ artifacts: Record<string, { url: string }>; answers: Record<string, unknown> }>(
    baseUrl,
    key,
    `/videos/${videoId}/results`,
  );
  const shots = await apiGet<ShotsFile>(baseUrl, key, `/videos/${videoId}/shots`);
  const tracks = await apiGet<TracksFile>(baseUrl, key, `/videos/${videoId}/tracks`);
  const link = (name: string) => {
    const a = results.artifacts[name];
    if (!a) throw new Error(`video ${videoId} has no ${name} artifact`);
    return a.url;
  };
  const thumbnails = (await (await fetch(link('thumbnails'))).json()) as ThumbnailsFile;
  const pack = new Uint8Array(await (await fetch(link('thumbnails.jpgs'))).arrayBuffer());
  return { shots, tracks, thumbnails, pack, answers: results.answers };
}
