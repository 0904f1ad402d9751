import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ValidationError } from '../core/errors';

/**
 * Parses CLI flags with node's parseArgs and turns its errors (unknown flag, missing value)
 * into a ValidationError so the CLI prints one clear line.
 */
export function parseFlags<T extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: T) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (err) {
    // node's messages run over several lines; the first names the flag.
    throw new ValidationError((err as Error).message.split('\n')[0] ?? 'bad arguments', { cause: err });
  }
}
