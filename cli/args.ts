import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { z } from 'zod';
import { ValidationError } from '../core/errors';

/** A negative number as a flag value (`-1`, `-0.5`, `-.5`, `-1e3`), not a short option. */
const NEGATIVE_NUMBER = /^-(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/**
 * Parses CLI flags with node's parseArgs and turns its errors (unknown flag, missing value)
 * into a ValidationError so the CLI prints one clear line. A negative number after a
 * string flag (`--chunk-sec -1`) is taken as its value, so that the flag's own validation
 * can say what range is allowed (node alone calls it "ambiguous").
 */
export function parseFlags<T extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: T) {
  try {
    return parseArgs({ args: joinNegativeValues(argv, options), options, allowPositionals: true, strict: true });
  } catch (err) {
    // node's messages run over several lines; the first names the flag.
    throw new ValidationError((err as Error).message.split('\n')[0] ?? 'bad arguments', { cause: err });
  }
}

/** `['--n', '-1']` → `['--n=-1']` for string flags; everything else unchanged. */
function joinNegativeValues(argv: string[], options: NonNullable<ParseArgsConfig['options']>): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const next = argv[i + 1];
    const name = arg.startsWith('--') ? arg.slice(2) : undefined;
    if (name !== undefined && options[name]?.type === 'string' && next !== undefined && NEGATIVE_NUMBER.test(next)) {
      out.push(`${arg}=${next}`);
      i++;
    } else {
      out.push(arg);
    }
  }
  return out;
}

/** `chunkSec` → `--chunk-sec`: the flag a schema key was read from. */
function flagName(key: string): string {
  return `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

/**
 * Validates a command's flag values with its zod schema. Unlike `parseOrThrow`, the message
 * names each bad value by its flag and echoes what was given, e.g.
 * `invalid analyze options: --chunk-sec: must be between 5 and 3600 s (got "-1")`.
 * Keys are the camelCase forms of the flag names; keys listed in `positionals` are named as
 * they are (e.g. `video`).
 */
export function parseFlagValues<S extends z.ZodType>(
  schema: S,
  input: Record<string, unknown>,
  what: string,
  positionals: string[] = [],
): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues = result.error.issues.map((i) => {
    const key = String(i.path[0] ?? '');
    const name = key === '' ? '(root)' : positionals.includes(key) ? key : flagName(key);
    const given = input[key];
    return { path: i.path.map(String).join('.'), flag: name, message: i.message, given };
  });
  const summary = issues
    .map((i) => `${i.flag}: ${i.message}${typeof i.given === 'string' ? ` (got ${JSON.stringify(i.given)})` : ''}`)
    .join('; ');
  throw new ValidationError(`invalid ${what}: ${summary}`, { details: { issues }, cause: result.error });
}
