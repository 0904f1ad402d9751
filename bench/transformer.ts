/**
 * `npx lvu bench transformer`: the transformer stage on CPU with the shipped default model.
 * Reports ms per 60-s span (full spans: 255 instance tokens; half-full: 128) at batch 1
 * and batch 8, span building (tokenisation) as the baseline ratio, and the projected cost
 * per hour of video (sliding 60-s spans with 30-s stride, plus one span per shot at the
 * given shot rate). Medians over `--repeat` runs (default 5).
 */
import { availableParallelism } from 'node:os';
import { modelsConfig } from '../models/config';
import { SessionCache } from '../models/runtime';
import { buildFeatureBank, type TrackInput } from '../stages/features/build';
import { runSpans } from '../stages/transformer/infer';
import { loadTransformerModel, type TransformerConfig } from '../stages/transformer/model';
import { buildSpans } from '../stages/transformer/spans';
import { parseFlags } from '../cli/args';
import type { FeatureBank } from '../core/contracts/feature-bank';

export const summary = 'object-transformer ms per 60-s span and per hour of video (CPU)';

/** A 120-s bank with `perSecond` instances visible each second, all encoders present. */
function denseBank(config: TransformerConfig, perSecond: number): FeatureBank {
  let seed = 1;
  const rand = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
  const tracks: TrackInput[] = Array.from({ length: perSecond }, (_, id) => ({
    trackId: id, classId: 0, identityId: null,
    detections: Array.from({ length: 120 }, (_, t) => ({ timeSec: t, box: [0.1, 0.1, 0.4, 0.8] as const, score: rand(), keypoints: Float32Array.from({ length: 51 }, rand) })),
  }));
  const encoders = config.encoders.filter(([n]) => n !== 'movenet-pose').map(([name, dim]) => ({
    spec: { name, version: '1', dim, dtype: 'F32' as const },
    samples: tracks.flatMap((t) => t.detections.map((d) => ({ trackId: t.trackId, timeSec: d.timeSec, values: Float32Array.from({ length: dim }, rand) }))),
  }));
  return buildFeatureBank({ videoId: 'bench', durationSec: 120, tracks, shots: [{ index: 0, startSec: 0, endSec: 120 }], encoders, poseFromKeypoints: true });
}

async function median(repeat: number, fn: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < repeat; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
}

export async function run(argv: string[]): Promise<number> {
  const { values } = parseFlags(argv, { repeat: { type: 'string' }, 'shots-per-minute': { type: 'string' } });
  const repeat = Math.max(1, Number(values.repeat ?? 5));
  const shotsPerMinute = Number(values['shots-per-minute'] ?? 10);
  const model = loadTransformerModel();
  const cache = new SessionCache(modelsConfig({ intraOpThreads: 1, interOpThreads: 1, autoBuild: false }));
  const session = await cache.open(model.resolved);
  const cfg = { ...model.config, stride_sec: 60 }; // 2 disjoint spans of the 120-s bank
  const lines = [`${model.resolved.manifest.name}@${model.resolved.manifest.version}, ORT CPU, 1 thread (${availableParallelism()} cores on this machine)`];
  let perSpanFull = 0;
  for (const perSecond of [Math.ceil(255 / 60), 2]) {
    const bank = denseBank(model.config, perSecond);
    const spans = buildSpans(bank, cfg);
    const tokens = spans[0]!.tokens;
    const build = (await median(repeat, async () => buildSpans(bank, cfg))) / spans.length;
    const b1 = (await median(repeat, () => runSpans(session, spans, cfg, 1))) / spans.length;
    const b8 = (await median(repeat, () => runSpans(session, [...spans, ...spans, ...spans, ...spans], cfg, 8))) / (4 * spans.length);
    if (perSpanFull === 0) perSpanFull = Math.min(b1, b8);
    lines.push(`${tokens} tokens/span: build ${build.toFixed(2)} ms (1.00), infer batch 1 ${b1.toFixed(2)} ms (${(b1 / build).toFixed(1)}×), batch 8 ${b8.toFixed(2)} ms/span (${(b8 / build).toFixed(1)}×)`);
  }
  const spansPerHour = 3600 / model.config.stride_sec + 60 * shotsPerMinute;
  lines.push(`per hour of video (${3600 / model.config.stride_sec} sliding spans + ${60 * shotsPerMinute} shot spans, full spans): ${((spansPerHour * perSpanFull) / 1000).toFixed(1)} s`);
  process.stdout.write(`${lines.join('\n')}\n`);
  await cache.dispose();
  return 0;
}
