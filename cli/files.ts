/**
 * Reading the JSON files a command is pointed at, with errors that name the file:
 * NOT_FOUND when it cannot be read, VALIDATION_FAILED when it is not JSON.
 */
import { readFileSync } from 'node:fs';
import { NotFoundError, ValidationError } from '../core/errors';

/** The parsed JSON of `path` (validate it with zod next). */
export function readJsonFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new NotFoundError(`cannot read ${path}: ${(err as Error).message}`, { cause: err });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new ValidationError(`${path} is not valid JSON: ${(err as Error).message}`, { cause: err });
  }
}
