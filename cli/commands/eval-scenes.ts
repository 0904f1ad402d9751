/**
 * `lvu eval scenes <scenes.json> <gt.json> [--tolerance 1] [--shots shots.json]
 * [--transformer transformer.json] [--json]`: scene-boundary precision / recall / F1
 * (±tolerance s) and coverage of a `scenes.json`, side by side with the "every shot
 * boundary is a scene boundary" baseline from the same `shots.json` (default: next to
 * scenes.json) and, when a `transformer.json` with the old `scenes` list is given (or lies
 * next to scenes.json), those scenes too.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { ScenesFileSchema } from '../../core/contracts/scenes';
import { ShotsFileSchema, type ShotsFile } from '../../core/contracts/shots';
import { parseOrThrow } from '../../core/validate';
import {
  SCENE_TOLERANCE_SEC,
  ScenesGroundTruthSchema,
  scoreSegmentation,
  type Segmentation,
  type SegmentationScore,
} from '../../stages/scenes/eval';
import { parseFlags } from '../args';
import { readJsonFile } from '../files';

export const summary =
  'score scenes: eval scenes <scenes.json> <gt.json> [--tolerance 1] [--shots shots.json] [--transformer transformer.json] [--json]';

const EvalScenesOptionsSchema = z.object({
  pred: z.string().min(1),
  gt: z.string().min(1),
  tolerance: z.coerce.number().min(0).max(60).default(SCENE_TOLERANCE_SEC),
  shots: z.string().min(1).optional(),
  transformer: z.string().min(1).optional(),
  json: z.boolean().default(false),
});

/** The old transformer output's scene list (`transformer.json` before scenes.json existed). */
const OldTransformerScenesSchema = z.object({ scenes: z.array(z.object({ startSec: z.number(), endSec: z.number() })) });

/** Parses the arguments, scores the files and prints a table (or JSON); returns the exit code. */
export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags(argv, {
    tolerance: { type: 'string' },
    shots: { type: 'string' },
    transformer: { type: 'string' },
    json: { type: 'boolean' },
  });
  if (positionals.length !== 2) {
    process.stderr.write(`usage: lvu ${summary.slice(summary.indexOf('eval scenes'))}\n`);
    return 2;
  }
  const opts = parseOrThrow(
    EvalScenesOptionsSchema,
    {
      pred: positionals[0],
      gt: positionals[1],
      tolerance: values.tolerance,
      shots: values.shots,
      transformer: values.transformer,
      json: values.json,
    },
    'eval scenes options',
  );
  const scenes = parseOrThrow(ScenesFileSchema, readJsonFile(opts.pred), `scenes file ${opts.pred}`);
  const gt = parseOrThrow(ScenesGroundTruthSchema, readJsonFile(opts.gt), `ground truth ${opts.gt}`);
  const shotsPath = opts.shots ?? join(dirname(opts.pred), 'shots.json');
  const shots = parseOrThrow(ShotsFileSchema, readJsonFile(shotsPath), `shots file ${shotsPath}`);
  const segmentations: Segmentation[] = [{ name: 'scenes.json', intervals: scenes.scenes }, everyShotBoundary(shots)];
  const old = oldTransformerScenes(opts.transformer ?? join(dirname(opts.pred), 'transformer.json'), opts.transformer !== undefined);
  if (old) segmentations.push(old);
  const scores = segmentations.map((s) => scoreSegmentation(s, gt, opts.tolerance));
  process.stdout.write(
    opts.json
      ? `${JSON.stringify({ toleranceSec: opts.tolerance, truthBoundaries: gt.scenes.length - 1, scores }, null, 1)}\n`
      : formatScores(scores, opts.tolerance, gt.scenes.length - 1),
  );
  return 0;
}

/**
 * The baseline: every shot its own scene, tiled the way scenes.json tiles (a shot's scene
 * starts where the shot before it ends), so each shot boundary is a scene boundary.
 */
export function everyShotBoundary(shots: ShotsFile): Segmentation {
  const list = shots.shots;
  const duration = shots.video.frameCount / shots.video.fps;
  return {
    name: 'every shot boundary',
    intervals: list.map((s, k) => ({ startSec: k === 0 ? 0 : list[k - 1]!.endSec, endSec: list[k + 1] ? s.endSec : duration })),
  };
}

/** The `scenes` of an old transformer.json, when the file exists and has them (required when named explicitly). */
function oldTransformerScenes(path: string, required: boolean): Segmentation | undefined {
  if (!required && !existsSync(path)) return undefined;
  const parsed = OldTransformerScenesSchema.safeParse(readJsonFile(path));
  if (parsed.success) return { name: 'transformer.json scenes (old)', intervals: parsed.data.scenes };
  if (required) parseOrThrow(OldTransformerScenesSchema, readJsonFile(path), `transformer file ${path}`);
  return undefined;
}

/** One row per segmentation, then each one's misses and false boundaries. */
export function formatScores(scores: readonly SegmentationScore[], tolerance: number, truth: number): string {
  const f = (v: number) => v.toFixed(2);
  const lines = [
    `scene boundaries (±${tolerance} s), ${truth} true`,
    `  ${'segmentation'.padEnd(30)} ${'scenes'.padStart(6)} ${'TP'.padStart(4)} ${'FP'.padStart(4)} ${'FN'.padStart(4)}  precision  recall    F1  coverage`,
    ...scores.map(
      (s) =>
        `  ${s.name.padEnd(30)} ${String(s.scenes).padStart(6)} ${String(s.truePositives).padStart(4)} ${String(s.falsePositives).padStart(4)} ${String(s.falseNegatives).padStart(4)}  ${f(s.precision).padStart(9)} ${f(s.recall).padStart(7)} ${f(s.f1).padStart(5)} ${f(s.coverage).padStart(9)}`,
    ),
  ];
  const secs = (list: number[]) => list.map((t) => `${t.toFixed(2)} s`).join(', ') || 'none';
  const first = scores[0];
  if (first) lines.push(`  ${first.name}: missed ${secs(first.missed)}; false boundaries ${secs(first.falseBoundaries)}`);
  return `${lines.join('\n')}\n`;
}
