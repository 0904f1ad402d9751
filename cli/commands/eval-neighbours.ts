/**
 * `lvu eval neighbours <dir>… [--labels clips.json|labels.json] [--embedding bank|stored]
 * [--model DIR] [--json]`: do videos from the same source rank as nearest neighbours by
 * embedding more often than chance? Each `<dir>` is an `lvu analyze --out` directory (or a
 * folder of them). For every video that has another video of its source, its nearest
 * neighbour by cosine (leave-one-out, ties shared) is a hit when it has the same source;
 * the rate is compared with chance (the expected rate under a random ranking,
 * (n_source − 1)/(N − 1) per query) and with mean-pooled bank features as baselines.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, join } from 'node:path';
import { z } from 'zod';
import { FEATURE_BANK_FILE, type EncoderRows, type FeatureBank } from '../../core/contracts/feature-bank';
import { NotFoundError, ValidationError } from '../../core/errors';
import { parseOrThrow } from '../../core/validate';
import { modelsConfig } from '../../models/config';
import { SessionCache } from '../../models/runtime';
import { decodeFeatureBank } from '../../stages/features/bank-io';
import { cosine, meanVector } from '../../stages/transformer/aggregate';
import { runSpans } from '../../stages/transformer/infer';
import { DEFAULT_TRANSFORMER_DIR, loadTransformerModel, type TransformerModel } from '../../stages/transformer/model';
import { buildSpans } from '../../stages/transformer/spans';
import { TRANSFORMER_RESULT_FILE, videoEmbeddingOf } from '../../stages/transformer/stage';
import { parseFlags } from '../args';
import { readJsonFile } from '../files';

export const summary =
  'same-source nearest neighbours by embedding vs chance: eval neighbours <analyze-dir>… [--labels clips.json] [--embedding bank|stored] [--model DIR] [--json]';

/** Cosines closer than this count as a tie (the hit is then shared among the tied videos). */
export const TIE_TOLERANCE = 1e-6;

/** One video: its name, source label and embedding. */
export interface LabelledVector {
  name: string;
  label: string;
  vector: Float32Array;
}

/** One query: the nearest video(s) and whether they share its source. */
export interface QueryResult {
  name: string;
  label: string;
  nearest: string[];
  /** Share of the tied nearest videos with the same source (0 or 1 without ties). */
  hit: number;
  /** Expected hit under a random ranking: (videos of the source − 1) / (videos − 1). */
  chance: number;
}

/** Leave-one-out nearest-neighbour report over the queries that have a same-source video. */
export interface NeighbourReport {
  videos: number;
  sources: number;
  queries: number;
  hits: number;
  rate: number;
  chance: number;
  /** P(at least ⌊hits⌋ hits) if every query hit with its chance probability (Poisson-binomial). */
  pValue: number;
  results: QueryResult[];
}

/**
 * Nearest neighbour by cosine for each video with another video of its label; videos alone
 * in their label still serve as distractors.
 *
 * @example
 *   sameSourceNearestNeighbours([{ name: 'a1', label: 'a', vector }, ...]).rate
 */
export function sameSourceNearestNeighbours(items: readonly LabelledVector[]): NeighbourReport {
  const n = items.length;
  const perLabel = new Map<string, number>();
  for (const it of items) perLabel.set(it.label, (perLabel.get(it.label) ?? 0) + 1);
  const results: QueryResult[] = [];
  items.forEach((q, i) => {
    const same = perLabel.get(q.label)! - 1;
    if (same < 1) return;
    const sims = items.map((o, j) => (j === i ? Number.NEGATIVE_INFINITY : cosine(q.vector, o.vector)));
    const best = Math.max(...sims);
    const tied = items.filter((_, j) => j !== i && sims[j]! >= best - TIE_TOLERANCE);
    const hit = tied.filter((o) => o.label === q.label).length / tied.length;
    results.push({ name: q.name, label: q.label, nearest: tied.map((o) => o.name), hit, chance: same / (n - 1) });
  });
  const hits = results.reduce((s, r) => s + r.hit, 0);
  const chance = results.reduce((s, r) => s + r.chance, 0);
  const q = results.length;
  return {
    videos: n,
    sources: perLabel.size,
    queries: q,
    hits,
    rate: q ? hits / q : Number.NaN,
    chance: q ? chance / q : Number.NaN,
    pValue: poissonBinomialTail(
      results.map((r) => r.chance),
      Math.floor(hits + 1e-9),
    ),
    results,
  };
}

/** P(X ≥ k) for X a sum of independent Bernoulli(p_i) (exact, by dynamic programming). */
export function poissonBinomialTail(probabilities: readonly number[], k: number): number {
  let dist = [1];
  for (const p of probabilities) {
    const next = new Array<number>(dist.length + 1).fill(0);
    dist.forEach((d, j) => {
      next[j] = next[j]! + d * (1 - p);
      next[j + 1] = next[j + 1]! + d * p;
    });
    dist = next;
  }
  return Math.min(
    1,
    dist.slice(Math.max(0, k)).reduce((s, d) => s + d, 0),
  );
}

const OptionsSchema = z.object({
  dirs: z.array(z.string().min(1)).min(2),
  labels: z.string().min(1),
  embedding: z.enum(['bank', 'stored']).default('bank'),
  model: z.string().min(1).default(DEFAULT_TRANSFORMER_DIR),
  json: z.boolean().default(false),
});

const FootageSchema = z.object({ format: z.literal('lvu-footage'), clips: z.array(z.object({ clip: z.string(), source: z.string() })) });
const LabelMapSchema = z.record(z.string(), z.string());
const StoredSchema = z.object({
  videoId: z.string(),
  videoEmbedding: z.array(z.number()).min(1),
  model: z.object({ name: z.string(), version: z.string() }),
});

/** Parses the arguments, embeds every video, prints the report; returns the exit code. */
export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags(argv, {
    labels: { type: 'string' },
    embedding: { type: 'string' },
    model: { type: 'string' },
    json: { type: 'boolean' },
  });
  const footage = join(process.env['LVU_FOOTAGE_DIR'] ?? join(homedir(), '.cache', 'lvu-footage'), 'clips.json');
  const dirs = positionals.flatMap(expandDir);
  if (dirs.length < 2) {
    process.stderr.write(`usage: lvu ${summary.slice(summary.indexOf('eval neighbours'))}\n(found ${dirs.length} analyze output(s))\n`);
    return 2;
  }
  const opts = parseOrThrow(
    OptionsSchema,
    { dirs, labels: values.labels ?? footage, embedding: values.embedding, model: values.model, json: values.json },
    'eval neighbours options',
  );
  const labels = readLabels(opts.labels);
  const names = opts.dirs.map((d) => basename(d));
  const missing = names.filter((nm) => !labels.has(nm));
  if (missing.length) throw new ValidationError(`no source label in ${opts.labels} for: ${missing.join(', ')}`);
  const banks = opts.dirs.map((d) =>
    existsSync(join(d, FEATURE_BANK_FILE)) ? decodeFeatureBank(new Uint8Array(readFileSync(join(d, FEATURE_BANK_FILE)))) : undefined,
  );
  const rows = await embeddingRows(opts, banks);
  const held = heldOutClips(opts.embedding === 'bank' ? loadTransformerModel(opts.model) : undefined);
  const reports = rows.map((r) => ({
    ...r,
    report: sameSourceNearestNeighbours(names.map((name, i) => ({ name, label: labels.get(name)!, vector: r.vectors[i]! }))),
  }));
  if (opts.json) {
    process.stdout.write(
      `${JSON.stringify({ labels: opts.labels, heldOutClips: [...held], embeddings: reports.map(({ vectors: _v, ...r }) => r) }, null, 1)}\n`,
    );
  } else {
    const empty = names.filter((_, i) => banks[i]?.index.counts.rows === 0);
    process.stdout.write(formatReports(reports, held, empty));
  }
  return 0;
}

/** An analyze output dir, or a folder whose sub-dirs are analyze outputs. */
function expandDir(dir: string): string[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new NotFoundError(`not a directory: ${dir}`);
  const isOutput = (d: string) => existsSync(join(d, FEATURE_BANK_FILE)) || existsSync(join(d, TRANSFORMER_RESULT_FILE));
  if (isOutput(dir)) return [dir];
  return readdirSync(dir)
    .filter((e) => !e.endsWith('.tmp'))
    .map((e) => join(dir, e))
    .filter((d) => statSync(d).isDirectory() && isOutput(d))
    .sort();
}

/** clip → source from training/footage.sh's clips.json, or a plain `{ "name": "label" }` map. */
function readLabels(path: string): Map<string, string> {
  const raw = readJsonFile(path);
  const asFootage = FootageSchema.safeParse(raw);
  if (asFootage.success) return new Map(asFootage.data.clips.map((c) => [c.clip, c.source]));
  return new Map(Object.entries(parseOrThrow(LabelMapSchema, raw, `labels ${path}`)));
}

/** Names of the clips the model's training held out (from its manifest provenance). */
function heldOutClips(model: TransformerModel | undefined): Set<string> {
  const sources = z
    .array(z.object({ clip: z.string(), held_out: z.boolean().optional() }).passthrough())
    .safeParse(model?.provenance['sources']);
  return new Set(sources.success ? sources.data.filter((s) => s.held_out).map((s) => s.clip) : []);
}

type EmbeddingRow = { embedding: string; model?: string; vectors: Float32Array[] };

/** The transformer's video embeddings (recomputed from the bank, or as stored) and the mean-pooled baselines. */
async function embeddingRows(opts: z.output<typeof OptionsSchema>, banks: (FeatureBank | undefined)[]): Promise<EmbeddingRow[]> {
  const rows: EmbeddingRow[] = [];
  if (opts.embedding === 'stored') {
    const docs = opts.dirs.map((d) =>
      parseOrThrow(StoredSchema, readJsonFile(join(d, TRANSFORMER_RESULT_FILE)), `${d}/${TRANSFORMER_RESULT_FILE}`),
    );
    const versions = [...new Set(docs.map((d) => `${d.model.name}@${d.model.version}`))];
    rows.push({
      embedding: 'transformer [CLS] (stored videoEmbedding)',
      model: versions.join(', '),
      vectors: docs.map((d) => Float32Array.from(d.videoEmbedding)),
    });
  } else {
    const lacking = opts.dirs.filter((_, i) => !banks[i]);
    if (lacking.length) throw new NotFoundError(`no ${FEATURE_BANK_FILE} in: ${lacking.join(', ')} (use --embedding stored)`);
    rows.push(...(await modelEmbeddings(opts.model, banks as FeatureBank[])));
  }
  if (banks.every((b) => b)) {
    for (const [label, pick] of [
      ['mean instance appearance', (b: FeatureBank) => b.encoders],
      ['mean frame', (b: FeatureBank) => b.frames],
    ] as const) {
      const name = pick(banks[0]!)[0]?.spec.name;
      if (name)
        rows.push({ embedding: `${label} (${name})`, vectors: banks.map((b) => maskedMean(pick(b!).find((e) => e.spec.name === name))) });
    }
  }
  return rows;
}

/** Mean [CLS] (the stage's videoEmbedding) and mean span-compatibility embedding per bank. */
async function modelEmbeddings(dir: string, banks: FeatureBank[]): Promise<EmbeddingRow[]> {
  const model = loadTransformerModel(dir);
  const sessions = new SessionCache(modelsConfig({ intraOpThreads: 1, interOpThreads: 1, autoBuild: false }));
  try {
    const session = await sessions.open(model.resolved);
    const outs = [];
    for (const bank of banks) outs.push(await runSpans(session, buildSpans(bank, model.config), model.config));
    const tag = `${model.resolved.manifest.name}@${model.resolved.manifest.version}`;
    return [
      { embedding: 'transformer [CLS] (videoEmbedding)', model: tag, vectors: outs.map(videoEmbeddingOf) },
      { embedding: 'transformer span-compat', model: tag, vectors: outs.map((o) => meanVector(o.map((s) => s.compat))) },
    ];
  } finally {
    await sessions.dispose();
  }
}

/** Mean of an encoder's rows whose mask bit is set (zeros when none). */
function maskedMean(rows: EncoderRows | undefined): Float32Array {
  const dim = rows?.spec.dim ?? 1;
  const out = new Float32Array(dim);
  if (!rows) return out;
  let n = 0;
  rows.mask.forEach((m, r) => {
    if (!m) return;
    n++;
    for (let k = 0; k < dim; k++) out[k] = out[k]! + rows.features[r * dim + k]!;
  });
  return n ? out.map((x) => x / n) : out;
}

function formatReports(rows: (EmbeddingRow & { report: NeighbourReport })[], held: Set<string>, empty: string[]): string {
  const first = rows[0]!.report;
  const labels = new Set(first.results.map((r) => r.label));
  const lines = [
    `same-source nearest neighbour (cosine, leave-one-out): ${first.videos} videos of ${first.sources} sources; ${first.queries} videos (${labels.size} sources) have another video of their source`,
    ...(empty.length
      ? [
          `  ${empty.length} videos have no instance in their bank (transformer sees [CLS] alone; instance mean is zero, tying with all): ${empty.join(', ')}`,
        ]
      : []),
    `  model: ${rows[0]!.model ?? 'none'}`,
    `  ${'embedding'.padEnd(42)} ${'hits'.padStart(6)} ${'rate'.padStart(6)} ${'chance'.padStart(7)} ${'lift'.padStart(6)}  p (vs chance)`,
  ];
  for (const { embedding, report: r } of rows) {
    lines.push(
      `  ${embedding.padEnd(42)} ${r.hits.toFixed(1).padStart(6)} ${r.rate.toFixed(3).padStart(6)} ${r.chance.toFixed(3).padStart(7)} ${(r.rate / r.chance).toFixed(1).padStart(5)}×  ${r.pValue.toExponential(1)}`,
    );
  }
  const heldResults = first.results.filter((q) => held.has(q.name));
  if (heldResults.length) {
    const hits = heldResults.reduce((s, q) => s + q.hit, 0);
    const chance = heldResults.reduce((s, q) => s + q.chance, 0) / heldResults.length;
    lines.push(
      `  queries from sources the model never saw in training (${rows[0]!.embedding}): ${hits.toFixed(1)}/${heldResults.length} = ${(hits / heldResults.length).toFixed(3)} vs chance ${chance.toFixed(3)}`,
    );
  }
  const misses = first.results.filter((q) => q.hit < 1).map((q) => `${q.name} → ${q.nearest.join('|')}`);
  lines.push(`  misses (${rows[0]!.embedding}): ${misses.join(', ') || 'none'}`);
  return `${lines.join('\n')}\n`;
}
