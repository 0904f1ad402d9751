/**
 * `npx lvu bench transformer [--repeat 5] [--shots-per-minute 10] [--banks DIR]
 * [--video PATH] [--seconds 20] [--skip-features]`: the transformer stage and the feature
 * extraction it reads, on CPU, with the shipped default model.
 *
 * 1. Dense synthetic spans: ms per 60-s span (full: 255 instance tokens; half-full: 128) at
 *    batch 1 and 8, span building (tokenisation) as the baseline ratio, and the projected
 *    cost per hour of video (sliding 60-s spans with 30-s stride, plus one span per shot at
 *    the given shot rate).
 * 2. Real banks (`--banks`, default `$LVU_FOOTAGE_DIR/banks` when there): the whole stage
 *    (sliding + per-shot spans) per second of real video, scaled to an hour, as a ratio of
 *    the video's own duration.
 * 3. Feature extraction (first `--seconds` of `--video`, default PETS09-S2L1 from the shared
 *    data): the analysis with the bank's features (people appearance + face, objects, whole
 *    frame) against the same analysis without them (decode + shots + detection + tracking,
 *    the baseline), per instance-second of the resulting bank.
 * Medians over `--repeat` runs (1 run for part 3); the machine is shared: read the ratios.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { homedir, availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { FEATURE_BANK_FILE, type FeatureBank } from '../core/contracts/feature-bank';
import type { VideoProbe } from '../core/contracts/video';
import { modelsConfig } from '../models/config';
import { SessionCache } from '../models/runtime';
import { VisionModels } from '../models/vision';
import { decodeFeatureBank } from '../stages/features/bank-io';
import { buildFeatureBank, type TrackInput } from '../stages/features/build';
import { analyzeChunk, mergeChunks, planAnalysis } from '../stages/pipeline';
import { runSpans, type InferenceRunner } from '../stages/transformer/infer';
import { loadTransformerModel, type TransformerConfig, type TransformerModel } from '../stages/transformer/model';
import { buildShotSpans, buildSpans } from '../stages/transformer/spans';
import { runTransformerStage } from '../stages/transformer/stage';
import { probe } from '../stages/video';
import { parseFlags } from '../cli/args';
import { medianMs } from './timing';

export const summary =
  'object-transformer ms per 60-s span and per hour of video, on real banks, and feature extraction per instance-second (CPU)';

/** A 120-s bank with `perSecond` instances visible each second, all encoders present. */
function denseBank(config: TransformerConfig, perSecond: number): FeatureBank {
  let seed = 1;
  const rand = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  const tracks: TrackInput[] = Array.from({ length: perSecond }, (_, id) => ({
    trackId: id,
    classId: 0,
    identityId: null,
    detections: Array.from({ length: 120 }, (_, t) => ({
      timeSec: t,
      box: [0.1, 0.1, 0.4, 0.8] as const,
      score: rand(),
      keypoints: Float32Array.from({ length: 51 }, rand),
    })),
  }));
  const encoders = config.encoders
    .filter(([n]) => n !== 'movenet-pose')
    .map(([name, dim]) => ({
      spec: { name, version: '1', dim, dtype: 'F32' as const },
      samples: tracks.flatMap((t) =>
        t.detections.map((d) => ({ trackId: t.trackId, timeSec: d.timeSec, values: Float32Array.from({ length: dim }, rand) })),
      ),
    }));
  return buildFeatureBank({
    videoId: 'bench',
    durationSec: 120,
    tracks,
    shots: [{ index: 0, startSec: 0, endSec: 120 }],
    encoders,
    poseFromKeypoints: true,
  });
}

export async function run(argv: string[]): Promise<number> {
  const { values } = parseFlags(argv, {
    repeat: { type: 'string' },
    'shots-per-minute': { type: 'string' },
    banks: { type: 'string' },
    video: { type: 'string' },
    seconds: { type: 'string' },
    'skip-features': { type: 'boolean' },
  });
  const repeat = Math.max(1, Number(values.repeat ?? 5));
  const model = loadTransformerModel();
  const cache = new SessionCache(modelsConfig({ intraOpThreads: 1, interOpThreads: 1, autoBuild: false }));
  try {
    const session = await cache.open(model.resolved);
    const out = [
      `${model.resolved.manifest.name}@${model.resolved.manifest.version}, ORT CPU, 1 thread (${availableParallelism()} cores on this machine)`,
    ];
    out.push(...(await syntheticSpans(model, session, repeat, Number(values['shots-per-minute'] ?? 10))));
    const banksDir = values.banks ?? join(process.env['LVU_FOOTAGE_DIR'] ?? join(homedir(), '.cache', 'lvu-footage'), 'banks');
    out.push(
      ...(existsSync(banksDir)
        ? await realBanks(model, session, banksDir, repeat)
        : [`real banks: none at ${banksDir} (training/extract_banks.sh, or --banks DIR)`]),
    );
    process.stdout.write(`${out.join('\n')}\n`);
    if (!values['skip-features']) {
      const dataDir = resolve(process.env['LVU_TEST_DATA'] ?? join(process.cwd(), '../shared/data'));
      const video = values.video ?? join(dataDir, 'tracking/PETS09-S2L1/vtest.avi');
      process.stdout.write(
        `${(existsSync(video) ? await featureCost(video, Number(values.seconds ?? 20)) : [`feature extraction: ${video} is absent (LVU_TEST_DATA or --video)`]).join('\n')}\n`,
      );
    }
    return 0;
  } finally {
    await cache.dispose();
  }
}

/** Part 1: dense synthetic spans. */
async function syntheticSpans(
  model: TransformerModel,
  session: InferenceRunner,
  repeat: number,
  shotsPerMinute: number,
): Promise<string[]> {
  const cfg = { ...model.config, stride_sec: 60 }; // 2 disjoint spans of the 120-s bank
  const lines = ['dense synthetic spans (all encoders present):'];
  let perSpanFull = 0;
  for (const perSecond of [Math.ceil(255 / 60), 2]) {
    const bank = denseBank(model.config, perSecond);
    const spans = buildSpans(bank, cfg);
    const build = (await medianMs(repeat, async () => buildSpans(bank, cfg))) / spans.length;
    const b1 = (await medianMs(repeat, () => runSpans(session, spans, cfg, 1))) / spans.length;
    const b8 = (await medianMs(repeat, () => runSpans(session, [...spans, ...spans, ...spans, ...spans], cfg, 8))) / (4 * spans.length);
    if (perSpanFull === 0) perSpanFull = Math.min(b1, b8);
    lines.push(
      `  ${spans[0]!.tokens} tokens/span: build ${build.toFixed(2)} ms (1.00), infer batch 1 ${b1.toFixed(2)} ms/span (${(b1 / build).toFixed(1)}×), batch 8 ${b8.toFixed(2)} ms/span (${(b8 / build).toFixed(1)}×)`,
    );
  }
  const spansPerHour = 3600 / model.config.stride_sec + 60 * shotsPerMinute;
  const sec = (spansPerHour * perSpanFull) / 1000;
  lines.push(
    `  per hour of video (${3600 / model.config.stride_sec} sliding spans + ${60 * shotsPerMinute} shot spans, all full): ${sec.toFixed(1)} s = ${((100 * sec) / 3600).toFixed(2)} % of the video's duration`,
  );
  return lines;
}

/** Part 2: the whole stage on real banks (analyze outputs under `dir`). */
async function realBanks(model: TransformerModel, session: InferenceRunner, dir: string, repeat: number): Promise<string[]> {
  const files = readdirSync(dir)
    .filter((d) => !d.endsWith('.tmp'))
    .map((d) => join(dir, d, FEATURE_BANK_FILE))
    .filter((f) => existsSync(f))
    .sort();
  if (!files.length) return [`real banks: none under ${dir}`];
  const banks = files.map((f) => decodeFeatureBank(new Uint8Array(readFileSync(f))));
  const videoSec = banks.reduce((s, b) => s + b.index.durationSec, 0);
  const rows = banks.reduce((s, b) => s + b.index.counts.rows, 0);
  const spans = banks.reduce((s, b) => s + buildSpans(b, model.config).length + buildShotSpans(b, model.config).length, 0);
  const ms = await medianMs(repeat, async () => {
    for (const b of banks) await runTransformerStage(b, model, session);
  });
  const perHour = (ms / 1000 / videoSec) * 3600;
  return [
    `real banks (${dir}): ${banks.length} videos, ${videoSec.toFixed(0)} s, ${rows} instance-seconds (${(rows / videoSec).toFixed(1)}/s), ${spans} spans (sliding + per shot)`,
    `  whole stage ${ms.toFixed(0)} ms = ${(ms / spans).toFixed(2)} ms/span, ${((1000 * ms) / 1000 / videoSec).toFixed(1)} ms per second of video → ${perHour.toFixed(1)} s per hour (${((100 * perHour) / 3600).toFixed(2)} % of real time)`,
  ];
}

/** Part 3: analysis with and without the bank's features on the first `seconds` of a video. */
async function featureCost(video: string, seconds: number): Promise<string[]> {
  const full = await probe(video);
  const frames = Math.min(full.frameCount, Math.round(seconds * full.fps));
  // Only the first `frames`: the plan tiles [0, frameCount), so a shortened probe is a prefix.
  const p: VideoProbe = { ...full, frameCount: frames, durationSec: frames / full.fps };
  const plan = planAnalysis(p);
  const vision = VisionModels.create(modelsConfig({ intraOpThreads: 1, interOpThreads: 1 }));
  try {
    const pass = async (descriptors: boolean, bankFeatures: boolean) => {
      const t0 = performance.now();
      const results = [];
      for (const c of plan.chunks)
        results.push(
          await analyzeChunk({
            sourcePath: video,
            probe: p,
            plan,
            chunkIndex: c.index,
            threads: 1,
            vision,
            detect: { descriptors, bankFeatures },
          }),
        );
      const merged = mergeChunks({ probe: p, plan, chunkResults: results });
      return { ms: performance.now() - t0, bank: merged.featureBank };
    };
    await pass(false, false); // warm-up: opens the sessions (not timed)
    const base = await pass(false, false);
    const people = await pass(true, false);
    const all = await pass(true, true);
    const n = all.bank?.index.counts.rows ?? 0;
    const per = (ms: number) => (n ? `${(ms / n).toFixed(1)} ms per instance-second` : 'no instances');
    const ratio = (ms: number) => `${(ms / base.ms).toFixed(2)}× the baseline`;
    return [
      `feature extraction (${video}, first ${p.durationSec.toFixed(1)} s, ${n} instance-seconds in the bank, ORT 1 thread, ffmpeg 1 thread):`,
      `  baseline: decode + shots + detection + tracking, no descriptors ${(base.ms / 1000).toFixed(1)} s (1.00; ${(base.ms / 1000 / p.durationSec).toFixed(2)}× real time)`,
      `  + people appearance/face (identity; bank rows of people) +${((people.ms - base.ms) / 1000).toFixed(1)} s: ${ratio(people.ms - base.ms)}, ${per(people.ms - base.ms)}`,
      `  + objects' appearance + whole-frame features (bank only)  +${((all.ms - people.ms) / 1000).toFixed(1)} s: ${ratio(all.ms - people.ms)}, ${per(all.ms - people.ms)}`,
      `  feature extraction in all: ${ratio(all.ms - base.ms)}, ${per(all.ms - base.ms)}`,
    ];
  } finally {
    await vision.dispose();
  }
}
