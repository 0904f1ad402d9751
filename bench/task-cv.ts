/**
 * `lvu bench task-cv`: how well a user-defined task is learnt from real clips, cross-
 * validated with whole sources held out (leave-one-source-out: no clip of a test source is
 * seen in training). The task: what kind of footage a clip is (pedestrians from above or at
 * street level, a talking head, animation, an object in a hand, nature, sport), one short
 * cut per clip of `training/footage.sh`'s set. Three answers on the same folds: the head on
 * the Object Transformer's span embeddings (what the platform trains), the same head on the
 * mean MobileNetV2 frame feature of the clip (no transformer), and the majority class of
 * the training folds. Analyses are cached in `--out` (default /tmp/lvu-task-cv).
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { LvuTaskSchema, type LvuTask } from '../core/lvu-tasks';
import { decodeFeatureBank } from '../stages/features/bank-io';
import { crossValidate, type LabelledVideo } from '../stages/transformer/cv';
import { decodeSpanEmbeddings, SPAN_EMBEDDINGS_FILE } from '../stages/transformer/stage';
import { cutClip, FOOTAGE, FOOTAGE_DIR, hasFootage, type FootageClip } from '../test/tasks/footage';
import { REPO_ROOT } from '../test/helpers/data';

const run$ = promisify(execFile);
const LVU = path.join(REPO_ROOT, 'bin', 'lvu.mjs');

/** Seconds cut from each clip, and the detection rate of the analysis (cheap on a shared CPU). */
const CUT_SEC = 5;
const DETECT_FPS = 1;

async function analysed(clip: FootageClip, out: string): Promise<string> {
  const dir = path.join(out, clip.clip);
  if (existsSync(path.join(dir, SPAN_EMBEDDINGS_FILE))) return dir;
  mkdirSync(out, { recursive: true });
  const file = await cutClip(clip, out, CUT_SEC);
  await run$(process.execPath, [LVU, 'analyze', file, '--out', dir, '--detect-fps', String(DETECT_FPS)], {
    cwd: REPO_ROOT,
    maxBuffer: 64 << 20,
  });
  return dir;
}

/** The clip's mean frame feature (first frame encoder, rows with their mask set). */
function meanFrameFeature(dir: string): Float32Array {
  const bank = decodeFeatureBank(new Uint8Array(readFileSync(path.join(dir, 'feature-bank.safetensors'))));
  const enc = bank.frames[0]!;
  const dim = enc.spec.dim;
  const out = new Float32Array(dim);
  let n = 0;
  enc.mask.forEach((m, r) => {
    if (!m) return;
    n += 1;
    for (let j = 0; j < dim; j++) out[j]! += enc.features[r * dim + j]!;
  });
  return out.map((v) => v / Math.max(1, n));
}

const pct = (v: number) => `${(100 * v).toFixed(1)}%`;

/** Runs the bench; prints one table. */
export async function run(argv: string[]): Promise<number> {
  if (!hasFootage(FOOTAGE)) {
    process.stderr.write(`lvu bench task-cv: the clips are absent from ${FOOTAGE_DIR} (run training/footage.sh)\n`);
    return 2;
  }
  const at = argv.indexOf('--out');
  const out = at >= 0 && argv[at + 1] ? argv[at + 1]! : '/tmp/lvu-task-cv';
  const kinds = [...new Set(FOOTAGE.map((c) => c.kind))];
  const task: LvuTask = LvuTaskSchema.parse({
    name: 'footage',
    kind: 'classification',
    description: 'what kind of footage',
    labels: kinds,
  });
  const rows: { clip: FootageClip; emb: ReturnType<typeof decodeSpanEmbeddings>; frame: Float32Array }[] = [];
  for (const clip of FOOTAGE) {
    const dir = await analysed(clip, out);
    const emb = decodeSpanEmbeddings(new Uint8Array(readFileSync(path.join(dir, SPAN_EMBEDDINGS_FILE))));
    rows.push({ clip, emb, frame: meanFrameFeature(dir) });
  }
  const sources = new Set(FOOTAGE.map((c) => c.source)).size;
  // Grouping by source: every clip of a source shares the group key, one fold per source.
  const bySource = (x: (r: (typeof rows)[number]) => Float32Array): LabelledVideo[] =>
    rows.map((r) => ({ video: r.clip.source, x: x(r), y: kinds.indexOf(r.clip.kind) }));
  const transformer = crossValidate(
    task,
    bySource((r) => r.emb.cls),
    rows[0]!.emb.hidden,
    sources,
  );
  const frames = crossValidate(
    task,
    bySource((r) => r.frame),
    rows[0]!.frame.length,
    sources,
  );
  const byClip = crossValidate(
    task,
    rows.map((r) => ({ video: r.clip.clip, x: r.emb.cls, y: kinds.indexOf(r.clip.kind) })),
    rows[0]!.emb.hidden,
    5,
  );
  const lines = [
    `task "footage" (${kinds.join(', ')}): ${rows.length} labelled clips (${CUT_SEC}-s cuts, detection at ${DETECT_FPS}/s) from ${sources} sources; ${transformer.folds} folds, one per held-out source`,
    `  transformer span embedding (${rows[0]!.emb.hidden}-d, ${rows[0]!.emb.model}@${rows[0]!.emb.version}): accuracy ${pct(transformer.mean)}`,
    `  mean MobileNetV2 frame feature (${rows[0]!.frame.length}-d), same head, same folds: accuracy ${pct(frames.mean)}`,
    `  majority class of the training folds:                accuracy ${pct(transformer.baseline)}`,
    `  (for reference, 5-fold by clip, sources shared between train and test: transformer ${pct(byClip.mean)}, majority ${pct(byClip.baseline)})`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}
