/**
 * `lvu eval <kind> ...`: scores an lvu output against ground truth. Each kind lives in
 * `cli/commands/eval-<kind>.ts` (shots, scenes, track, neighbours, ...).
 */
import type { CommandModule } from '../main';

export const summary =
  'score outputs against ground truth: eval shots <shots.json> <gt.json> | eval scenes <scenes.json> <gt.json> [--tolerance 1] | eval track <pred.txt> <gt.txt> | eval neighbours <analysis-dir>… [--labels clips.json]';

export async function run(argv: string[]): Promise<number> {
  const [kind, ...rest] = argv;
  if (!kind || !/^[a-z-]+$/.test(kind)) {
    process.stderr.write(`usage: lvu eval <kind> ...  (${summary})\n`);
    return 2;
  }
  let mod: CommandModule;
  try {
    mod = (await import(`./eval-${kind}.ts`)) as CommandModule;
  } catch {
    process.stderr.write(`lvu eval: unknown kind "${kind}"\n`);
    return 2;
  }
  return mod.run(rest);
}
