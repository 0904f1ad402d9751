import { LvuError } from '../core/errors';

/**
 * The `lvu` command. Each subcommand lives in `cli/commands/<name>.ts` and exports
 * `run(argv): Promise<number>` (exit code) plus a one-line `summary`. Errors with a stable
 * code are printed as one line (`lvu: CODE: message`) without a stack trace.
 */
const COMMANDS: Record<string, () => Promise<CommandModule>> = {
  analyze: () => import('./commands/analyze'),
  eval: () => import('./commands/eval'),
  bench: () => import('./commands/bench'),
  models: () => import('./commands/models'),
  serve: () => import('./commands/serve'),
  worker: () => import('./commands/worker'),
  keys: () => import('./commands/keys'),
  export: () => import('./commands/export'),
  train: () => import('./commands/train'),
  batch: () => import('./commands/batch'),
};

export interface CommandModule {
  summary: string;
  run(argv: string[]): Promise<number>;
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') return printHelp();
  const load = COMMANDS[name];
  if (!load) {
    process.stderr.write(`lvu: unknown command "${name}" (try: lvu --help)\n`);
    return 2;
  }
  let mod: CommandModule;
  try {
    mod = await load();
  } catch (err) {
    if (isMissingModule(err)) {
      process.stderr.write(`lvu: command "${name}" is not available in this build yet\n`);
      return 2;
    }
    throw err;
  }
  try {
    return await mod.run(rest);
  } catch (err) {
    return reportError(err);
  }
}

function isMissingModule(err: unknown): boolean {
  const code = (err as { code?: string })?.code;
  return code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND';
}

/** Prints one clear line for an error; a stack only with LVU_DEBUG=1. */
export function reportError(err: unknown): number {
  if (err instanceof LvuError) {
    process.stderr.write(`lvu: ${err.code}: ${err.message}\n`);
  } else {
    process.stderr.write(`lvu: INTERNAL: ${(err as Error)?.message ?? String(err)}\n`);
  }
  if (process.env['LVU_DEBUG'] === '1') process.stderr.write(`${(err as Error)?.stack ?? ''}\n`);
  return 1;
}

async function printHelp(): Promise<number> {
  const lines = ['usage: lvu <command> [options]', '', 'commands:'];
  for (const [name, load] of Object.entries(COMMANDS)) {
    try {
      const mod = await load();
      lines.push(`  ${name.padEnd(9)} ${mod.summary}`);
    } catch {
      // Commands whose module has not landed yet are not listed.
    }
  }
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}
