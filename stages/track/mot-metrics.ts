/**
 * CLEAR-MOT (Bernardin & Stiefelhagen 2008) and identity (Ristani et al. 2016) metrics,
 * with py-motmetrics semantics so figures compare with published ones:
 * - every frame that has ground truth or predictions is evaluated, in order;
 * - a pair may match when IoU ≥ threshold (distance 1 − IoU ≤ 1 − threshold);
 * - per frame, a ground-truth object keeps the hypothesis it matched on the previous
 *   evaluated frame while still valid; the rest are matched by Hungarian assignment that
 *   maximises the number of matches, then minimises total distance;
 * - an ID switch is a match whose hypothesis differs from the object's last matched one;
 * - a fragmentation is a tracked → missed transition inside an object's tracked span;
 * - IDF1 comes from the global min-cost assignment of gt to predicted trajectories
 *   maximising IDTP (frames where the pair overlaps with IoU ≥ threshold).
 */
import { iouAt } from './boxes';
import { assignMaxCardinality, solveAssignment } from './hungarian';
import type { MotFrame, MotSequence } from './mot-format';

/** Every figure `lvu eval track` reports. Ratios are NaN when their denominator is 0. */
export interface MotMetrics {
  readonly mota: number;
  /** Mean IoU of matched pairs (MOTChallenge convention; py-motmetrics' `motp` is 1 − this). */
  readonly motp: number;
  readonly idf1: number;
  readonly idp: number;
  readonly idr: number;
  readonly precision: number;
  readonly recall: number;
  readonly idSwitches: number;
  readonly fragmentations: number;
  readonly falsePositives: number;
  readonly misses: number;
  /** Matched pairs, ID switches included. */
  readonly matches: number;
  readonly idtp: number;
  readonly idfp: number;
  readonly idfn: number;
  readonly gtBoxes: number;
  readonly predBoxes: number;
  readonly gtIds: number;
  readonly predIds: number;
  readonly frames: number;
}

/** Metric options. */
export interface MotEvalOptions {
  /** Minimum IoU for a match (0.5, as in MOTChallenge). */
  readonly iouThreshold?: number;
}

const EMPTY_FRAME: MotFrame = { ids: new Int32Array(0), boxes: new Float64Array(0) };

/** Per-object state carried from frame to frame by the CLEAR accumulator. */
interface ObjectState {
  lastHyp: number;
  lastMatchOrdinal: number;
  lastTracked: boolean;
  inGap: boolean;
}

interface ClearCounts {
  matches: number;
  switches: number;
  misses: number;
  falsePositives: number;
  fragmentations: number;
  distanceSum: number;
}

/**
 * Scores `pred` against `gt`.
 *
 * @example
 *   const gt = toSequence(parseMot(gtText, 'gt.txt'), { minConfidence: 1 });
 *   const m = evaluateMot(gt, toSequence(parseMot(predText, 'pred.txt')));
 *   console.log(m.mota, m.idf1);
 */
export function evaluateMot(gt: MotSequence, pred: MotSequence, options: MotEvalOptions = {}): MotMetrics {
  const threshold = options.iouThreshold ?? 0.5;
  const frames = [...new Set([...gt.keys(), ...pred.keys()])].sort((a, b) => a - b);
  const objects = new Map<number, ObjectState>();
  const counts: ClearCounts = { matches: 0, switches: 0, misses: 0, falsePositives: 0, fragmentations: 0, distanceSum: 0 };
  const pairFrames = new Map<number, Map<number, number>>(); // gt id → (pred id → frames with IoU ≥ threshold)
  let gtBoxes = 0;
  let predBoxes = 0;
  frames.forEach((f, ordinal) => {
    const g = gt.get(f) ?? EMPTY_FRAME;
    const h = pred.get(f) ?? EMPTY_FRAME;
    gtBoxes += g.ids.length;
    predBoxes += h.ids.length;
    const dist = distances(g, h, threshold);
    countPairs(pairFrames, g, h, dist);
    clearFrame(objects, counts, ordinal, g, h, dist);
  });
  const ids = identityCounts(pairFrames, gtBoxes, predBoxes);
  return summarize(counts, ids, { gtBoxes, predBoxes, gtIds: countIds(gt), predIds: countIds(pred), frames: frames.length });
}

/** 1 − IoU for every (gt, pred) pair of a frame; NaN where IoU < threshold. */
function distances(g: MotFrame, h: MotFrame, threshold: number): Float64Array {
  const ng = g.ids.length;
  const nh = h.ids.length;
  const d = new Float64Array(ng * nh);
  for (let i = 0; i < ng; i++) {
    for (let j = 0; j < nh; j++) {
      const v = iouAt(g.boxes, i, h.boxes, j);
      d[i * nh + j] = v >= threshold ? 1 - v : Number.NaN;
    }
  }
  return d;
}

function countPairs(pairFrames: Map<number, Map<number, number>>, g: MotFrame, h: MotFrame, dist: Float64Array): void {
  const nh = h.ids.length;
  for (let i = 0; i < g.ids.length; i++) {
    for (let j = 0; j < nh; j++) {
      if (Number.isNaN(dist[i * nh + j]!)) continue;
      const row = pairFrames.get(g.ids[i]!) ?? new Map<number, number>();
      row.set(h.ids[j]!, (row.get(h.ids[j]!) ?? 0) + 1);
      pairFrames.set(g.ids[i]!, row);
    }
  }
}

/** One frame of the CLEAR-MOT accumulator (py-motmetrics `MOTAccumulator.update`). */
function clearFrame(
  objects: Map<number, ObjectState>,
  counts: ClearCounts,
  ordinal: number,
  g: MotFrame,
  h: MotFrame,
  dist: Float64Array,
): void {
  const ng = g.ids.length;
  const nh = h.ids.length;
  const gtDone = new Uint8Array(ng);
  const hypDone = new Uint8Array(nh);
  const record = (i: number, j: number, isSwitch: boolean) => {
    const state = objectState(objects, g.ids[i]!);
    gtDone[i] = 1;
    hypDone[j] = 1;
    counts.matches++;
    if (isSwitch) counts.switches++;
    counts.distanceSum += dist[i * nh + j]!;
    state.lastHyp = h.ids[j]!;
    state.lastMatchOrdinal = ordinal;
  };
  for (let i = 0; i < ng; i++) {
    const prev = objects.get(g.ids[i]!);
    if (!prev || prev.lastMatchOrdinal !== ordinal - 1) continue;
    const j = h.ids.indexOf(prev.lastHyp);
    if (j >= 0 && !hypDone[j] && !Number.isNaN(dist[i * nh + j]!)) record(i, j, false);
  }
  for (const [i, j] of matchRemaining(dist, ng, nh, gtDone, hypDone)) {
    const prev = objects.get(g.ids[i]!);
    record(i, j, prev !== undefined && prev.lastMatchOrdinal >= 0 && prev.lastHyp !== h.ids[j]!);
  }
  for (let i = 0; i < ng; i++) trackFragmentation(objectState(objects, g.ids[i]!), gtDone[i] === 1, counts);
  counts.misses += ng - gtDone.reduce((a, b) => a + b, 0);
  counts.falsePositives += nh - hypDone.reduce((a, b) => a + b, 0);
}

/** Hungarian (max cardinality, then min distance) over the rows and columns still free. */
function matchRemaining(dist: Float64Array, ng: number, nh: number, gtDone: Uint8Array, hypDone: Uint8Array): [number, number][] {
  const rows: number[] = [];
  const cols: number[] = [];
  for (let i = 0; i < ng; i++) if (!gtDone[i]) rows.push(i);
  for (let j = 0; j < nh; j++) if (!hypDone[j]) cols.push(j);
  if (rows.length === 0 || cols.length === 0) return [];
  const sub = new Float64Array(rows.length * cols.length);
  rows.forEach((i, r) => cols.forEach((j, c) => (sub[r * cols.length + c] = dist[i * nh + j]!)));
  const { matches } = assignMaxCardinality({ data: sub, rows: rows.length, cols: cols.length });
  const out: [number, number][] = [];
  for (let k = 0; k < matches.length; k += 2) out.push([rows[matches[k]!]!, cols[matches[k + 1]!]!]);
  return out;
}

function objectState(objects: Map<number, ObjectState>, id: number): ObjectState {
  let s = objects.get(id);
  if (!s) {
    s = { lastHyp: Number.NaN, lastMatchOrdinal: -2, lastTracked: false, inGap: false };
    objects.set(id, s);
  }
  return s;
}

/** Counts a fragmentation when an object is tracked again after a miss that followed tracking. */
function trackFragmentation(s: ObjectState, tracked: boolean, counts: ClearCounts): void {
  if (tracked) {
    if (s.inGap) counts.fragmentations++;
    s.inGap = false;
  } else if (s.lastTracked) {
    s.inGap = true;
  }
  s.lastTracked = tracked;
}

/** IDTP by the optimal one-to-one assignment of gt and predicted trajectories. */
function identityCounts(pairFrames: Map<number, Map<number, number>>, gtBoxes: number, predBoxes: number) {
  const gtIds = [...pairFrames.keys()];
  const predIds = [...new Set(gtIds.flatMap((g) => [...pairFrames.get(g)!.keys()]))];
  const predIndex = new Map(predIds.map((p, i) => [p, i]));
  const cost = new Float64Array(gtIds.length * predIds.length);
  gtIds.forEach((g, r) => {
    for (const [p, n] of pairFrames.get(g)!) cost[r * predIds.length + predIndex.get(p)!] = -n;
  });
  const rowToCol = solveAssignment({ data: cost, rows: gtIds.length, cols: predIds.length });
  let idtp = 0;
  rowToCol.forEach((c, r) => {
    if (c >= 0) idtp -= cost[r * predIds.length + c]!;
  });
  return { idtp, idfn: gtBoxes - idtp, idfp: predBoxes - idtp };
}

function countIds(seq: MotSequence): number {
  const ids = new Set<number>();
  for (const f of seq.values()) for (const id of f.ids) ids.add(id);
  return ids.size;
}

function summarize(
  c: ClearCounts,
  ids: { idtp: number; idfn: number; idfp: number },
  n: { gtBoxes: number; predBoxes: number; gtIds: number; predIds: number; frames: number },
): MotMetrics {
  const div = (a: number, b: number) => (b === 0 ? Number.NaN : a / b);
  return {
    mota: 1 - div(c.misses + c.falsePositives + c.switches, n.gtBoxes),
    motp: 1 - div(c.distanceSum, c.matches),
    idf1: div(2 * ids.idtp, n.gtBoxes + n.predBoxes),
    idp: div(ids.idtp, n.predBoxes),
    idr: div(ids.idtp, n.gtBoxes),
    precision: div(c.matches, c.matches + c.falsePositives),
    recall: div(c.matches, n.gtBoxes),
    idSwitches: c.switches,
    fragmentations: c.fragmentations,
    falsePositives: c.falsePositives,
    misses: c.misses,
    matches: c.matches,
    ...ids,
    ...n,
  };
}
