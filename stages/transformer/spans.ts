/**
 * Span tokenisation, mirroring training/lvu_ot/spans.py exactly (a parity test holds the
 * two together). A span covers grid seconds [start, start + spanSec); its bank rows become
 * tokens; beyond `maxTokens − 1` ([CLS] takes one slot) the lowest-score rows are dropped
 * (ties: later rows first). Per token: encoder features concatenated in the model's order
 * (zeros and mask bit 0 where the bank has no value or no such encoder), spatial code
 * (x1, y1, x2, y2, area), time (second − start), instance (identity when linked, else
 * track; numbered by first appearance), shot (shot − first shot of the span, clamped).
 */
import type { FeatureBank } from '../../core/contracts/feature-bank';
import { featDim, type TransformerConfig } from './model';

/** The tokens of one span, row-major typed arrays of `tokens` rows. */
export interface SpanTokens {
  start: number;
  /** Bank row of each token. */
  rows: Int32Array;
  tokens: number;
  feats: Float32Array;
  featMask: Float32Array;
  spatial: Float32Array;
  timeIdx: Int32Array;
  instIdx: Int32Array;
  shotIdx: Int32Array;
}

/** Sliding, overlapping span starts covering [0, count): 0, stride, …, plus a last span ending at count. */
export function spanStarts(count: number, spanSec: number, strideSec: number): number[] {
  if (count <= spanSec) return [0];
  const starts: number[] = [];
  for (let s = 0; s <= count - spanSec; s += strideSec) starts.push(s);
  if (starts[starts.length - 1] !== count - spanSec) starts.push(count - spanSec);
  return starts;
}

/** Optional row filter (e.g. one shot's rows for scene segmentation). */
export type RowFilter = (row: number) => boolean;

/** Bank rows of a span in row order, lowest scores dropped beyond maxTokens − 1. */
function selectRows(bank: FeatureBank, start: number, spanSec: number, maxTokens: number, only?: RowFilter): Int32Array {
  const rows: number[] = [];
  for (let i = 0; i < bank.second.length; i++) {
    if (bank.second[i]! >= start && bank.second[i]! < start + spanSec && (!only || only(i))) rows.push(i);
  }
  const keep = maxTokens - 1;
  if (rows.length <= keep) return Int32Array.from(rows);
  const order = rows
    .map((_, k) => k)
    .sort((a, b) => bank.score[rows[b]!]! - bank.score[rows[a]!]! || a - b)
    .slice(0, keep);
  return Int32Array.from(
    order.sort((a, b) => a - b),
    (k) => rows[k]!,
  );
}

/** Instance ids by first appearance: identity when linked (≥ 0), else track. */
function instanceIds(bank: FeatureBank, rows: Int32Array, maxInstances: number): Int32Array {
  const first = new Map<string, number>();
  return Int32Array.from(rows, (r) => {
    const id = bank.identityId[r]!;
    const key = id >= 0 ? `i${id}` : `t${bank.trackId[r]!}`;
    if (!first.has(key)) first.set(key, first.size);
    return Math.min(first.get(key)!, maxInstances - 1);
  });
}

function encoderInputs(bank: FeatureBank, rows: Int32Array, config: TransformerConfig): { feats: Float32Array; featMask: Float32Array } {
  const F = featDim(config);
  const E = config.encoders.length;
  const feats = new Float32Array(rows.length * F);
  const featMask = new Float32Array(rows.length * E);
  let offset = 0;
  config.encoders.forEach(([name, dim], e) => {
    const enc = bank.encoders.find((x) => x.spec.name === name && x.spec.dim === dim);
    if (enc) {
      rows.forEach((r, t) => {
        if (!enc.mask[r]) return;
        feats.set(enc.features.subarray(r * dim, (r + 1) * dim), t * F + offset);
        featMask[t * E + e] = 1;
      });
    }
    offset += dim;
  });
  return { feats, featMask };
}

function spatialCodes(bank: FeatureBank, rows: Int32Array): Float32Array {
  const out = new Float32Array(rows.length * 5);
  rows.forEach((r, t) => {
    const [x1, y1, x2, y2] = [bank.box[4 * r]!, bank.box[4 * r + 1]!, bank.box[4 * r + 2]!, bank.box[4 * r + 3]!];
    out.set([x1, y1, x2, y2, Math.fround(Math.fround(x2 - x1) * Math.fround(y2 - y1))], t * 5);
  });
  return out;
}

/** The tokens of the span starting at `start` (deterministic instance numbering). */
function buildSpan(bank: FeatureBank, start: number, config: TransformerConfig, only?: RowFilter): SpanTokens {
  const rows = selectRows(bank, start, config.span_sec, config.max_tokens, only);
  let firstShot = Number.POSITIVE_INFINITY;
  for (const r of rows) firstShot = Math.min(firstShot, bank.shotId[r]!);
  const clamp = (v: number, hi: number) => Math.max(0, Math.min(hi, v));
  return {
    start,
    rows,
    tokens: rows.length,
    ...encoderInputs(bank, rows, config),
    spatial: spatialCodes(bank, rows),
    timeIdx: Int32Array.from(rows, (r) => clamp(bank.second[r]! - start, config.span_sec - 1)),
    instIdx: instanceIds(bank, rows, config.max_instances),
    shotIdx: Int32Array.from(rows, (r) => clamp(bank.shotId[r]! - firstShot, config.max_shots - 1)),
  };
}

/** Every span of a bank (sliding windows of `span_sec`, stride `stride_sec`). */
export function buildSpans(bank: FeatureBank, config: TransformerConfig): SpanTokens[] {
  return spanStarts(bank.index.grid.count, config.span_sec, config.stride_sec).map((s) => buildSpan(bank, s, config));
}

/**
 * One span per shot that has instances: the shot's rows from its first second, at most
 * `span_sec` long. Used to compare shots by span compatibility.
 */
export function buildShotSpans(bank: FeatureBank, config: TransformerConfig): { shotId: number; span: SpanTokens }[] {
  const firstSecond = new Map<number, number>();
  bank.shotId.forEach((s, i) => {
    if (!firstSecond.has(s)) firstSecond.set(s, bank.second[i]!);
  });
  return [...firstSecond.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([shotId, start]) => ({ shotId, span: buildSpan(bank, start, config, (r) => bank.shotId[r] === shotId) }));
}
