import type { Track } from '../../core/contracts/tracks';
import { clusterAverageLinkage } from '../../stages/identity/cluster';
import { trackDistance, type IdentityConfig, type PooledDescriptor, type TrackSamples } from '../../stages/identity/identities';
import { mulberry32 } from '../helpers/random';

/** linkIdentities as it was: one n×n matrix of every pair, clustered at once (the reference). */
export function wholeMatrix(tracks: readonly Track[], descriptors: readonly PooledDescriptor[], cfg: IdentityConfig): Map<number, number> {
  const byId = new Map(descriptors.map((d) => [d.trackId, d]));
  const ordered = [...tracks].sort((a, b) => a.points[0]!.frame - b.points[0]!.frame || a.id - b.id);
  const n = ordered.length;
  const overlaps = (a: Track, b: Track) =>
    a.points[0]!.frame <= b.points[b.points.length - 1]!.frame && b.points[0]!.frame <= a.points[a.points.length - 1]!.frame;
  const data = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) {
      const da = byId.get(ordered[i]!.id),
        db = byId.get(ordered[j]!.id);
      const v = da && db && !overlaps(ordered[i]!, ordered[j]!) ? trackDistance(da, db, cfg).value : Number.POSITIVE_INFINITY;
      data[i * n + j] = v;
      data[j * n + i] = v;
    }
  const labels = clusterAverageLinkage({ n, data });
  return new Map(ordered.map((t, i) => [t.id, labels[i]! + 1]));
}

/**
 * `n` person tracks of `people` latent people: each track a noisy copy of its person's face
 * (some copies exact, for ties), some faceless, some at the same time as others.
 */
export function scene(n: number, people: number, seed: number, dim = 6): { tracks: Track[]; samples: TrackSamples[] } {
  const rnd = mulberry32(seed);
  const unit = (v: number[]) => {
    const norm = Math.hypot(...v);
    return Float32Array.from(v.map((x) => x / norm));
  };
  const faces = Array.from({ length: people }, () => Array.from({ length: dim }, () => rnd() - 0.5));
  const tracks: Track[] = [];
  const samples: TrackSamples[] = [];
  for (let id = 1; id <= n; id++) {
    const first = Math.floor(rnd() * 20 * n);
    const last = first + 1 + Math.floor(rnd() * 40);
    tracks.push({
      id,
      classId: 0,
      className: 'person',
      identityId: null,
      shotIds: [Math.floor(first / 100)],
      points: [first, last].map((frame) => ({ frame, seconds: frame / 25, box: [0, 0, 10, 30], score: 0.9 })),
    });
    const face = faces[Math.floor(rnd() * people)]!;
    const noise = rnd() < 0.2 ? 0 : 0.35;
    const seen = rnd() < 0.8;
    samples.push({
      trackId: id,
      appearance: [unit(face.map((x) => x + (rnd() - 0.5) * 0.8))],
      face: seen ? [unit(face.map((x) => x + (rnd() - 0.5) * noise))] : [],
    });
  }
  return { tracks, samples };
}
