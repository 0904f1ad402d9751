import { z } from 'zod';
import { ValidationError } from '../../core/errors';

const keySchema = z.object({ pk: z.string(), sk: z.string() }).strict();

/** The primary key of the last item of a page, as DynamoDB's ExclusiveStartKey wants it. */
export type PageKey = z.output<typeof keySchema>;

/**
 * Encodes a page key as an opaque base64url cursor. Callers must not parse it; it is only
 * valid for the same partition and sort order it came from.
 */
export function encodeCursor(key: PageKey): string {
  return Buffer.from(JSON.stringify({ pk: key.pk, sk: key.sk }), 'utf8').toString('base64url');
}

/** Decodes a cursor from `encodeCursor`; a tampered or foreign cursor is a ValidationError. */
export function decodeCursor(cursor: string, pk: string): PageKey {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch (err) {
    throw new ValidationError('invalid cursor', { cause: err, details: { field: 'cursor' } });
  }
  const result = keySchema.safeParse(parsed);
  if (!result.success || result.data.pk !== pk) {
    throw new ValidationError('invalid cursor', { details: { field: 'cursor' } });
  }
  return result.data;
}
