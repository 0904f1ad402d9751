/**
 * Identity across shots: one descriptor per person track (mean of its sampled face or
 * appearance descriptors), a cosine distance between tracks (faces when both tracks showed
 * one, else appearance), and constrained average-linkage clustering: tracks visible at the
 * same time never share an identity.
 */
import { z } from 'zod';
import type { Identity, TrackDescriptor } from '../../core/contracts/identities';
import type { Track } from '../../core/contracts/tracks';
import { parseOrThrow } from '../../core/validate';
import { l2Normalize } from '../track/association';
import { encodeF32 } from '../detect/vectors';
import { clusterAverageLinkage } from './cluster';

/**
 * FaceRes cosine distance (of track-mean descriptors) below which two tracks are the same
 * person. Measured on shots_dev.mp4 (test/detect/shots-dev.test.ts prints them): the same
 * man in shots 1 and 8, months apart in the source clip, 0.065; him vs the webcam face of
 * shot 3, 0.48 and 0.49. 0.3 sits between with margin on both sides.
 */
export const FACE_THRESHOLD = 0.3;
/**
 * MobileNetV2 (ImageNet) person-crop cosine distance for linking tracks without faces; 0
 * turns appearance linking off, the default. Measured on PETS09-S2L1 (tracks labelled by
 * their majority ground-truth id): among the 40 closest non-overlapping track pairs only 5
 * are the same person (raw distances 0.007–0.035), 3 of 25 after centring the descriptors,
 * so ImageNet crop features cannot tell people apart at surveillance scale. The
 * descriptors are still stored for the feature bank.
 */
export const APPEARANCE_THRESHOLD = 0;

/** Identity-linking configuration. */
export const IdentityConfigSchema = z
  .object({
    faceThreshold: z.number().positive().max(2).default(FACE_THRESHOLD),
    appearanceThreshold: z.number().min(0).max(2).default(APPEARANCE_THRESHOLD),
  })
  .strict();
export type IdentityConfig = z.output<typeof IdentityConfigSchema>;

/** Parses and freezes an identity config. */
export function identityConfig(input: z.input<typeof IdentityConfigSchema> = {}): Readonly<IdentityConfig> {
  return Object.freeze(parseOrThrow(IdentityConfigSchema, input, 'identity config'));
}

/** Per-frame samples of one track. */
export interface TrackSamples {
  trackId: number;
  appearance: Float32Array[];
  face: Float32Array[];
}

/** A track's pooled descriptors (decoded, normalised). */
export interface PooledDescriptor {
  trackId: number;
  samples: number;
  faceSamples: number;
  appearance?: Float32Array;
  face?: Float32Array;
}

/** Mean of L2-normalised vectors, normalised again (undefined for none). */
export function meanDescriptor(vectors: readonly Float32Array[]): Float32Array | undefined {
  if (vectors.length === 0) return undefined;
  const sum = new Float32Array(vectors[0]!.length);
  for (const v of vectors) for (let i = 0; i < sum.length; i++) sum[i] = sum[i]! + v[i]!;
  return l2Normalize(sum);
}

/** Pools each track's samples into one descriptor per kind. */
export function poolDescriptors(samples: readonly TrackSamples[]): PooledDescriptor[] {
  return samples.map((s) => {
    const appearance = meanDescriptor(s.appearance);
    const face = meanDescriptor(s.face);
    return {
      trackId: s.trackId,
      samples: s.appearance.length,
      faceSamples: s.face.length,
      ...(appearance ? { appearance } : {}),
      ...(face ? { face } : {}),
    };
  });
}

/** JSON form of a pooled descriptor (identities.json). */
export function storedDescriptor(d: PooledDescriptor): TrackDescriptor {
  return {
    trackId: d.trackId,
    samples: d.samples,
    faceSamples: d.faceSamples,
    ...(d.appearance ? { appearance: encodeF32(d.appearance) } : {}),
    ...(d.face ? { face: encodeF32(d.face) } : {}),
  };
}

function cosineDistance(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  for (let i = 0; i < a.length; i++) dot += a[i]! * b[i]!;
  return 1 - dot;
}

/** Distance of two tracks scaled by the threshold of the evidence used (< 1 links); Infinity when they cannot link. */
export function trackDistance(
  a: PooledDescriptor,
  b: PooledDescriptor,
  cfg: IdentityConfig,
): { value: number; evidence: 'face' | 'appearance' | 'none' } {
  if (a.face && b.face) return { value: cosineDistance(a.face, b.face) / cfg.faceThreshold, evidence: 'face' };
  if (a.appearance && b.appearance && cfg.appearanceThreshold > 0)
    return { value: cosineDistance(a.appearance, b.appearance) / cfg.appearanceThreshold, evidence: 'appearance' };
  return { value: Number.POSITIVE_INFINITY, evidence: 'none' };
}

function overlaps(a: Track, b: Track): boolean {
  return a.points[0]!.frame <= b.points[b.points.length - 1]!.frame && b.points[0]!.frame <= a.points[a.points.length - 1]!.frame;
}

/**
 * Gives every person track an identity (1-based, numbered by first appearance). Tracks
 * without descriptors stay alone. Returns the identities, trackId → identityId, and the size
 * of the largest group of tracks clustered together (its matrix is the largest allocated).
 *
 * Memory stays near the size of the largest group of tracks that could link, not n²: average
 * linkage only joins two clusters whose mean distance is below 1, which needs one pair below
 * 1, so no cluster ever spans two components of the graph of pairs below 1. Those components
 * are found first (union–find over every pair, nothing stored), then clustered one at a time on
 * their own matrices, with indices in the same order: the same joins in the same order as on
 * the whole matrix (test/detect/identity-components.test.ts checks it against that).
 *
 * @example
 *   const { identities, identityOf } = linkIdentities(personTracks, poolDescriptors(samples), identityConfig());
 */
export function linkIdentities(
  tracks: readonly Track[],
  descriptors: readonly PooledDescriptor[],
  cfg: IdentityConfig,
): { identities: Identity[]; identityOf: Map<number, number>; largestGroup: number } {
  const byId = new Map(descriptors.map((d) => [d.trackId, d]));
  const ordered = [...tracks].sort((a, b) => a.points[0]!.frame - b.points[0]!.frame || a.id - b.id);
  const n = ordered.length;
  let largestGroup = Math.min(n, 1);
  const pair = (i: number, j: number) => {
    const da = byId.get(ordered[i]!.id),
      db = byId.get(ordered[j]!.id);
    return da && db && !overlaps(ordered[i]!, ordered[j]!)
      ? trackDistance(da, db, cfg)
      : { value: Number.POSITIVE_INFINITY, evidence: 'none' as const };
  };
  // Each track's cluster, as the smallest index in it (average linkage keeps the smaller index).
  const rootOf = Int32Array.from({ length: n }, (_, i) => i);
  for (const members of linkableGroups(n, (i, j) => pair(i, j).value < 1)) {
    const c = members.length;
    largestGroup = Math.max(largestGroup, c);
    const data = new Float64Array(c * c);
    for (let a = 0; a < c; a++) {
      for (let b = a + 1; b < c; b++) {
        const { value } = pair(members[a]!, members[b]!);
        data[a * c + b] = value;
        data[b * c + a] = value;
      }
    }
    const local = clusterAverageLinkage({ n: c, data }, { inPlace: true });
    const first = new Map<number, number>();
    local.forEach((l, a) => {
      if (!first.has(l)) first.set(l, members[a]!);
      rootOf[members[a]!] = first.get(l)!;
    });
  }
  // Numbered by each cluster's smallest index, as clusterAverageLinkage numbers them.
  const members = new Map<number, number[]>();
  rootOf.forEach((r, i) => {
    const list = members.get(r);
    if (list) list.push(i);
    else members.set(r, [i]);
  });
  const identities: Identity[] = [];
  const identityOf = new Map<number, number>();
  for (const [, idx] of [...members].sort((a, b) => a[0] - b[0])) {
    const id = identities.length + 1;
    const group = idx.map((i) => ordered[i]!);
    for (const t of group) identityOf.set(t.id, id);
    // The evidence of the first pair, recomputed: keeping it for every pair cost n²/2 map entries.
    identities.push(describeIdentity(id, group, idx.length > 1 ? pair(idx[0]!, idx[1]!).evidence : undefined));
  }
  return { identities, identityOf, largestGroup };
}

/**
 * The components (of two or more items, indices ascending) of the graph whose edges are the
 * pairs `linked(i, j)` says can join; a pair is asked at most once (not when the two are
 * already joined through others), none is stored.
 */
export function linkableGroups(n: number, linked: (i: number, j: number) => boolean): number[][] {
  const parent = Int32Array.from({ length: n }, (_, i) => i);
  const find = (i: number): number => {
    let r = i;
    while (parent[r] !== r) r = parent[r]!;
    while (parent[i] !== r) {
      const next = parent[i]!;
      parent[i] = r;
      i = next;
    }
    return r;
  };
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const a = find(i),
        b = find(j);
      if (a !== b && linked(i, j)) parent[Math.max(a, b)] = Math.min(a, b);
    }
  }
  const groups = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const r = find(i);
    const list = groups.get(r);
    if (list) list.push(i);
    else groups.set(r, [i]);
  }
  return [...groups.values()].filter((g) => g.length > 1);
}

function describeIdentity(id: number, group: readonly Track[], pairEvidence: 'face' | 'appearance' | 'none' | undefined): Identity {
  const secs = group.flatMap((t) => [t.points[0]!.seconds, t.points[t.points.length - 1]!.seconds]);
  return {
    id,
    trackIds: group.map((t) => t.id).sort((a, b) => a - b),
    shotIds: [...new Set(group.flatMap((t) => t.shotIds))].sort((a, b) => a - b),
    evidence: pairEvidence === undefined || pairEvidence === 'none' ? 'single' : pairEvidence,
    firstSec: Math.min(...secs),
    lastSec: Math.max(...secs),
  };
}
