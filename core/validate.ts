import type { z } from 'zod';
import { ValidationError } from './errors';

/**
 * Parses `input` with `schema` and throws a ValidationError whose message names every bad
 * field by its path (e.g. `chunkSec: Too small`). Use at every boundary; stages receive the
 * parsed, frozen result.
 */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues = result.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
  const summary = issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ');
  throw new ValidationError(`invalid ${what}: ${summary}`, { details: { issues }, cause: result.error });
}
