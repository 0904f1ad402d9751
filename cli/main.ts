import { LvuError } from '../core/errors';

/**
 * The `lvu` command. Each subcommand lives in `cli/commands/<name>.ts` and exports
 * `run(argv): Promise<number>` (exit code) plus a one-line `summary`. Errors with a stable
 * code are printed as one line (`lvu: CODE: message`) without a stack trace.
 */
const COMMANDS = ['analyze', 'eval', 'bench', 'models', 'serve', 'worker', 'keys', 'export', 'train', 'batch', 'doctor', 'tasks'] as const;

/** Loads `cli/commands/<name>.ts`; a template path keeps optional commands out of the type graph. */
function loadCommand(name: string): Promise<CommandModule> {
  return import(`./commands/${name}.ts`) as Promise<CommandModule>;
}

export interface CommandModule {
  summary: string;
  run(argv: string[]): Promise<number>;
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') return printHelp();
  if (!(COMMANDS as readonly string[]).includes(name)) {
    process.stderr.write(`lvu: unknown command "${name}" (try: lvu --help)\n`);
    return 2;
  }
  let mod: CommandModule;
  try {
    mod = await loadCommand(name);
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
  for (const name of COMMANDS) {
    try {
      const mod = await loadCommand(name);
      lines.push(`  ${name.padEnd(9)} ${mod.summary}`);
    } catch {
      // Commands whose module has not landed yet are not listed.
    }
  }
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}
