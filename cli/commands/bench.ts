/**
 * `lvu bench <name>`: runs `bench/<name>.ts` (its exported `run(argv)`), which prints
 * ratios against a baseline measured in the same run.
 */
import type { CommandModule } from '../main';

export const summary = 'run a benchmark from bench/: bench shots | bench models | ...';

export async function run(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || !/^[a-z0-9-]+$/.test(name)) {
    process.stderr.write(`usage: lvu bench <name>  (files in bench/)\n`);
    return 2;
  }
  let mod: CommandModule;
  try {
    mod = (await import(`../../bench/${name}.ts`)) as CommandModule;
  } catch (err) {
    process.stderr.write(`lvu bench: no benchmark "${name}" (${(err as Error).message})\n`);
    return 2;
  }
  if (typeof mod.run !== 'function') {
    process.stderr.write(`lvu bench: bench/${name}.ts is a helper, not a benchmark\n`);
    return 2;
  }
  return mod.run(rest);
}
