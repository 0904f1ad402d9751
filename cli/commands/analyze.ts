import { availableParallelism } from 'node:os';
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { z } from 'zod';
import { ShotDecisionSchema } from '../../core/contracts/video';
import { runPool } from '../../core/pool';
import type { ShotsFile } from '../../core/contracts/shots';
import { modelsConfig } from '../../models';
import { DEFAULT_MODELS } from '../../models/defaults';
import { resolveModel } from '../../models/registry';
import { cpuSeconds, formatProfile, mergeProfile, type Profile, profileSince, profileSnapshot } from '../../core/profile';
import { createChunkThreadPool } from '../../stages/chunk-threads';
import { SessionCache } from '../../models/runtime';
import { FEATURE_BANK_FILE, FEATURE_BANK_INDEX_FILE } from '../../core/contracts/feature-bank';
import { SCENES_FILE } from '../../core/contracts/scenes';
import { THUMBNAILS_INDEX_FILE, THUMBNAILS_PACK_FILE } from '../../core/contracts/thumbnails';
import { encodeFeatureBank } from '../../stages/features/bank-io';
import { answersPath } from '../../stages/transformer/answers';
import { defaultHeadsDir, readHeads } from '../heads-dir';
import { loadTransformerModel } from '../../stages/transformer/model';
import { encodeSpanEmbeddings, SPAN_EMBEDDINGS_FILE, TRANSFORMER_RESULT_FILE } from '../../stages/transformer/stage';
import { transformerDocument, understandVideo, type VideoUnderstanding } from '../../stages/transformer/understand';
import { mergeChunks, planAnalysis, type ChunkStage, type MergeResult } from '../../stages/pipeline';
import { probe } from '../../stages/video';
import { parseFlagValues, parseFlags } from '../args';
import { ProgressBar } from '../progress';
import { plural } from '../words';

export const summary =
  'analyze a video on this machine: lvu analyze <video> [--out DIR] [--chunk-sec S (default 60; 40–120-s videos in halves)] [--workers N] [--stages shots,detect,features,transformer] [--detect-every N | --detect-fps F] [--pose on|off] [--shot-decision rules|learned|temporal] [--profile]';

/**
 * Shortest chunk `--chunk-sec` accepts. Every chunk also decodes an overlap on each side for
 * the shot detector's context (140 frames, 5.6 s at 25 fps), so a 0.5-s chunk decodes about
 * 23× what it owns. 5 s is the floor of the platform's per-video option (`JobOptionsSchema`),
 * so the CLI and the API accept the same chunk lengths.
 */
const MIN_CHUNK_SEC = 5;
/** Longest chunk: one hour, as in `JobOptionsSchema`. */
const MAX_CHUNK_SEC = 3600;
const CHUNK_SEC_RANGE = `must be a number between ${MIN_CHUNK_SEC} and ${MAX_CHUNK_SEC} s`;

const AnalyzeOptionsSchema = z.object({
  video: z.string().min(1),
  out: z.string().min(1).optional(),
  chunkSec: z.coerce.number({ error: CHUNK_SEC_RANGE }).min(MIN_CHUNK_SEC, CHUNK_SEC_RANGE).max(MAX_CHUNK_SEC, CHUNK_SEC_RANGE).optional(),
  workers: z.coerce.number().int().min(1).max(64).default(Math.max(1, availableParallelism())),
  stages: z
    .string()
    .default('shots,detect,features,transformer')
    .transform((s) =>
      s
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.enum(['shots', 'detect', 'features', 'transformer'])).min(1)),
  detectEvery: z.coerce.number().int().positive().optional(),
  detectFps: z.coerce.number().positive().optional(),
  pose: z.enum(['on', 'off']).default('on'),
  shotDecision: ShotDecisionSchema.optional(),
  profile: z.boolean().default(false),
});

/**
 * `lvu analyze <video>`: probes the file, plans chunks, decodes and analyses them in
 * parallel (a pool sized to the cores, one ffmpeg thread per chunk, one shared set of
 * model sessions), merges, writes `DIR/shots.json` — and with detection `tracks.json`,
 * `tracks.mot.txt` and `identities.json` — and prints a short summary.
 */
export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags(argv, {
    out: { type: 'string' },
    'chunk-sec': { type: 'string' },
    workers: { type: 'string' },
    stages: { type: 'string' },
    'detect-every': { type: 'string' },
    'detect-fps': { type: 'string' },
    pose: { type: 'string' },
    'shot-decision': { type: 'string' },
    profile: { type: 'boolean' },
  });
  if (positionals.length !== 1) {
    process.stderr.write(`usage: ${summary}\n`);
    return 2;
  }
  const opts = parseFlagValues(
    AnalyzeOptionsSchema,
    {
      video: positionals[0],
      out: values.out,
      chunkSec: values['chunk-sec'],
      workers: values.workers,
      stages: values.stages,
      detectEvery: values['detect-every'],
      detectFps: values['detect-fps'],
      pose: values.pose,
      shotDecision: values['shot-decision'],
      profile: values.profile,
    },
    'analyze options',
    ['video'],
  );
  const outDir = resolve(opts.out ?? join('lvu-out', basename(opts.video).replace(/\.[^.]+$/, '')));
  const p = await probe(opts.video);
  const plan = planAnalysis(p, {
    chunkSec: opts.chunkSec ?? autoChunkSec(p.durationSec),
    ...(opts.shotDecision ? { shotDecision: opts.shotDecision } : {}),
  });
  // Each stage needs the ones before it: transformer → features → detect → shots.
  const asked = new Set(opts.stages);
  const withTransformer = asked.has('transformer');
  const withFeatures = withTransformer || asked.has('features');
  const withDetect = withFeatures || asked.has('detect');
  const stages: ChunkStage[] = withDetect ? ['shots', 'detect'] : ['shots'];
  const decodeTotal = plan.chunks.reduce((n, c) => n + c.decodeEndFrame - c.decodeStartFrame, 0);
  const bar = new ProgressBar(withDetect ? 'decode+shots+detect' : 'decode+shots', decodeTotal);
  const started = { wall: performance.now(), cpu: cpuSeconds(), profile: profileSnapshot() };
  const models = modelsConfig(threadShare(opts.workers, plan.chunks.length));
  // Default models missing from the cache are converted here, once, before the lanes start
  // (a first-use notice prints above the bar), so two lanes never convert the same model.
  if (withDetect) for (const name of Object.keys(DEFAULT_MODELS)) resolveModel(name, models, (line) => bar.note(line));
  // Each lane is a worker thread with its own warm sessions: inference runs on the thread
  // that calls it, so lanes on one thread would take turns (see stages/chunk-threads.ts).
  const lanes = Math.max(1, Math.min(opts.workers, plan.chunks.length));
  const pool = createChunkThreadPool({ threads: lanes, models, notice: (line) => bar.note(line) });
  const phases: Profile = {};
  let mark = performance.now();
  const phase = (name: string) => {
    const now = performance.now();
    addTo(phases, name, now - mark);
    mark = now;
  };
  let laneProfile: Profile = {};
  const detect = {
    ...(opts.detectEvery !== undefined ? { every: opts.detectEvery } : {}),
    ...(opts.detectFps !== undefined ? { fps: opts.detectFps } : {}),
    pose: opts.pose === 'on',
    bankFeatures: withFeatures,
  };
  const doneByChunk = new Float64Array(plan.chunks.length);
  try {
    const results = await runPool(plan.chunks, lanes, async (chunk, signal) => {
      const { result, profile } = await pool.run(
        {
          sourcePath: opts.video,
          probe: p,
          plan,
          chunkIndex: chunk.index,
          threads: coresPerLane(opts.workers, plan.chunks.length),
          stages,
          detect,
        },
        {
          signal,
          onProgress: (done) => {
            doneByChunk[chunk.index] = done;
            bar.update(doneByChunk.reduce((a, b) => a + b, 0));
          },
        },
      );
      laneProfile = mergeProfile(laneProfile, profile);
      return result;
    });
    bar.finish(`${plural(plan.chunks.length, 'chunk')}, ${plural(lanes, 'lane')}`);
    phase('chunks (decode, shots, detect, track; lanes in parallel)');
    const mergeBar = new ProgressBar(withDetect ? 'merge (stitch, shots, identities)' : 'merge', plan.chunks.length);
    const merged = mergeChunks({ probe: p, plan, chunkResults: results });
    mergeBar.finish(merged.featureBank ? `feature bank: ${merged.featureBank.index.counts.rows} instance-seconds` : undefined);
    phase('merge (stitch, identities, bank, scenes, thumbnails)');
    await writeArtifacts(outDir, merged);
    phase('write artifacts');
    const understood = withTransformer && merged.featureBank ? await transformerStage(merged) : undefined;
    if (understood) await writeUnderstanding(outDir, understood);
    if (understood) phase('transformer (spans, answers) + write');
    process.stdout.write(`${describe(merged, outDir, understood)}\n`);
    if (opts.profile) {
      const mainProfile = profileSince(started.profile, profileSnapshot());
      process.stdout.write(`${profileReport(p.durationSec, started, phases, laneProfile, mainProfile, lanes).join('\n')}\n`);
    }
    return 0;
  } finally {
    await pool.dispose();
  }
}

function addTo(p: Profile, name: string, ms: number): void {
  p[name] = { ms, calls: 1, items: 1 };
}

/**
 * `--profile`: wall time and CPU of the run (this process's threads and its ffmpeg
 * children), the phases, and where the chunk lanes spent their time (summed over lanes,
 * so it can exceed the wall time), including each model's calls and images.
 */
function profileReport(
  videoSec: number,
  started: { wall: number; cpu: { self: number; children: number } },
  phases: Profile,
  lanes: Profile,
  main: Profile,
  laneCount: number,
): string[] {
  const wall = (performance.now() - started.wall) / 1000;
  const cpu = cpuSeconds();
  const self = cpu.self - started.cpu.self;
  const children = cpu.children - started.cpu.children;
  return [
    `profile: ${wall.toFixed(1)} s wall for ${videoSec.toFixed(1)} s of video (${(videoSec / wall).toFixed(2)}× real time); CPU ${(self + children).toFixed(1)} s = ${((self + children) / wall).toFixed(2)} cores busy on average (lvu ${self.toFixed(1)} s, ffmpeg ${children.toFixed(1)} s), ${availableParallelism()} cores, ${plural(laneCount, 'lane')}`,
    'phases (wall):',
    ...formatProfile(phases),
    'inside the chunk lanes (wall, summed over lanes):',
    ...formatProfile(lanes),
    'after the lanes (main thread):',
    ...formatProfile(main),
  ];
}

async function writeArtifacts(outDir: string, m: MergeResult): Promise<void> {
  await mkdir(outDir, { recursive: true });
  const json = (v: unknown) => `${JSON.stringify(v, null, 1)}\n`;
  await writeFile(join(outDir, 'shots.json'), json(m.shotsFile));
  if (m.tracksFile) await writeFile(join(outDir, 'tracks.json'), json(m.tracksFile));
  if (m.motText !== undefined) await writeFile(join(outDir, 'tracks.mot.txt'), m.motText);
  if (m.identitiesFile) await writeFile(join(outDir, 'identities.json'), json(m.identitiesFile));
  if (m.featureBank) {
    const bank = encodeFeatureBank(m.featureBank);
    await writeFile(join(outDir, FEATURE_BANK_FILE), bank.safetensors);
    await writeFile(join(outDir, FEATURE_BANK_INDEX_FILE), bank.indexJson);
  }
  if (m.scenesFile) await writeFile(join(outDir, SCENES_FILE), json(m.scenesFile));
  if (m.thumbnails) {
    await writeFile(join(outDir, THUMBNAILS_INDEX_FILE), json(m.thumbnails.thumbnailsFile));
    await writeFile(join(outDir, THUMBNAILS_PACK_FILE), m.thumbnails.pack);
  }
}

/** The transformer stage on the merged bank (the shipped model, heads from `defaultHeadsDir()`). */
async function transformerStage(m: MergeResult): Promise<VideoUnderstanding> {
  const bar = new ProgressBar('transformer (spans → embedding, answers)', 1);
  const model = loadTransformerModel();
  const sessions = new SessionCache(modelsConfig());
  try {
    const out = await understandVideo(m.featureBank!, model, await sessions.open(model.resolved), readHeads(defaultHeadsDir()));
    bar.finish(`${plural(out.result.spans.length, 'span')}, ${model.resolved.manifest.name}@${model.resolved.manifest.version}`);
    return out;
  } finally {
    await sessions.dispose();
  }
}

async function writeUnderstanding(outDir: string, u: VideoUnderstanding): Promise<void> {
  await writeFile(join(outDir, TRANSFORMER_RESULT_FILE), `${JSON.stringify(transformerDocument(u.result), null, 1)}\n`);
  await writeFile(join(outDir, SPAN_EMBEDDINGS_FILE), encodeSpanEmbeddings(u.result.embeddings));
  const answers = join(outDir, answersPath(u.answers.model));
  await mkdir(dirname(answers), { recursive: true });
  await writeFile(answers, `${JSON.stringify(u.answers, null, 1)}\n`);
}

function describe(m: MergeResult, outDir: string, u: VideoUnderstanding | undefined): string {
  const s: ShotsFile = m.shotsFile;
  const v = s.video;
  const byType = new Map<string, number>();
  for (const t of s.transitions) byType.set(t.type, (byType.get(t.type) ?? 0) + 1);
  const types = [...byType].map(([k, n]) => plural(n, k)).join(', ') || 'none';
  const lines = [
    `${basename(v.path ?? 'video')}: ${v.width}×${v.height}, ${v.fps.toFixed(2)} fps, ${v.frameCount} frames (${v.durationSec.toFixed(1)} s), ${v.codec}`,
    `${plural(s.shots.length, 'shot')}; transitions: ${types}`,
  ];
  const files = ['shots.json', ...(m.thumbnails ? [THUMBNAILS_INDEX_FILE, THUMBNAILS_PACK_FILE] : [])];
  if (m.tracksFile && m.identitiesFile) {
    lines.push(describeTracks(m));
    files.push('tracks.json', 'tracks.mot.txt', 'identities.json');
  }
  if (m.featureBank) {
    const c = m.featureBank.index.counts;
    lines.push(
      `feature bank: ${c.rows} instance-seconds of ${c.tracks} tracks on ${m.featureBank.index.grid.count} s (${Object.entries(c.present)
        .map(([k, n]) => `${k} ${n}`)
        .join(', ')})`,
    );
    files.push(FEATURE_BANK_FILE, FEATURE_BANK_INDEX_FILE);
  }
  if (m.scenesFile) {
    const scenes = m.scenesFile.scenes;
    const withPeople = scenes.filter((x) => x.identityIds.length > 0).length;
    lines.push(
      `${plural(scenes.length, 'scene')} (consecutive shots grouped by ${m.scenesFile.method.signals.join(', ')}; mean ${(v.durationSec / Math.max(1, scenes.length)).toFixed(1)} s, ${withPeople} with people)`,
    );
    files.push(SCENES_FILE);
  }
  if (u) {
    const trained = Object.values(u.answers.tasks).filter((a) => a.status === 'ok').length;
    lines.push(
      `transformer ${u.answers.model.name}@${u.answers.model.version}: ${plural(u.result.spans.length, 'span')}, ${plural(u.result.instances.length, 'instance')}; answers: ${trained} of ${Object.keys(u.answers.tasks).length} tasks have a trained head`,
    );
    files.push(TRANSFORMER_RESULT_FILE, SPAN_EMBEDDINGS_FILE, answersPath(u.answers.model));
  }
  lines.push(`wrote ${files.map((f) => join(outDir, f)).join(', ')}`);
  return lines.join('\n');
}

/** `12 people (5 identities); objects: 3 car, 1 bicycle`. */
function describeTracks(m: MergeResult): string {
  const tracks = m.tracksFile!.tracks;
  const people = tracks.filter((t) => t.classId === 0).length;
  const objects = new Map<string, number>();
  for (const t of tracks) if (t.classId !== 0) objects.set(t.className, (objects.get(t.className) ?? 0) + 1);
  const list =
    [...objects]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .map(([k, n]) => `${n} ${k}`)
      .join(', ') || 'none';
  return `${plural(people, 'person track', 'people tracks')} (${plural(m.identitiesFile!.identities.length, 'identity', 'identities')}); objects: ${list}`;
}

/** Chunk length when `--chunk-sec` is not given: see `autoChunkSec`. */
const AUTO_CHUNK_SEC = 60;
/** Videos up to this long are one chunk (splitting them would add more overlap than it saves). */
const AUTO_ONE_CHUNK_MAX_SEC = 40;

/**
 * The default chunk length, from the video's duration only (so results do not depend on the
 * machine): 60 s, but a video of 40–120 s is cut in two halves, so on a machine of two or
 * more cores two lanes work on it instead of one lane with the other core mostly idle (ORT's
 * intra-op pool scales worse than two lanes, and tracking, descriptors and the shot detector
 * run on one thread per lane). Each chunk detects ±3 s beyond what it owns, so two halves
 * of a 53-s video detect 11% more frames than one chunk: less than the second core brings.
 */
export function autoChunkSec(durationSec: number): number {
  if (durationSec <= AUTO_ONE_CHUNK_MAX_SEC) return Math.max(MIN_CHUNK_SEC, Math.min(MAX_CHUNK_SEC, Math.ceil(durationSec + 1)));
  return Math.max(MIN_CHUNK_SEC, Math.min(AUTO_CHUNK_SEC, Math.ceil(durationSec / 2)));
}

/**
 * ORT intra-op threads when LVU_INTRA_OP_THREADS is unset: the cores shared among the chunk
 * lanes that run at once. Letting every lane's inference use all cores oversubscribes the
 * CPU (measured: about 4× slower per frame on 2 cores with 2 lanes).
 */
function threadShare(workers: number, chunks: number): { intraOpThreads?: number } {
  if (process.env['LVU_INTRA_OP_THREADS'] !== undefined) return {};
  return { intraOpThreads: coresPerLane(workers, chunks) };
}

/**
 * The cores each chunk lane may use (decoder threads, inference threads): all of them for a
 * video of one chunk, one each when there are chunks enough for every core.
 */
function coresPerLane(workers: number, chunks: number): number {
  const lanes = Math.max(1, Math.min(workers, chunks));
  return Math.max(1, Math.floor(availableParallelism() / lanes));
}
