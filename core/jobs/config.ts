import { z } from 'zod';
import { parseOrThrow } from '../validate';
import { PlatformConfigSchema, type PlatformConfig } from './deps';

const int = z.coerce.number().int();
const num = z.coerce.number();

/** The environment variables that set the platform limits (all optional). */
const PlatformEnvSchema = z.object({
  LVU_MAX_UPLOAD_BYTES: int.positive().optional(),
  LVU_MULTIPART_THRESHOLD_BYTES: int.positive().optional(),
  LVU_PART_BYTES: int.positive().optional(),
  LVU_ALLOWED_CONTENT_TYPES: z.string().min(1).optional(),
  LVU_URL_TTL_SEC: int.positive().optional(),
  LVU_MAX_ATTEMPTS: int.positive().optional(),
  LVU_CHUNK_SEC: num.positive().optional(),
  LVU_OVERLAP_SEC: num.nonnegative().optional(),
});

/**
 * Reads the platform config from environment variables (`LVU_MAX_UPLOAD_BYTES`,
 * `LVU_MULTIPART_THRESHOLD_BYTES`, `LVU_PART_BYTES`, `LVU_ALLOWED_CONTENT_TYPES` (comma
 * separated), `LVU_URL_TTL_SEC`, `LVU_MAX_ATTEMPTS`, `LVU_CHUNK_SEC`, `LVU_OVERLAP_SEC`),
 * validated with zod once at start-up; unset variables take the defaults.
 *
 * @example
 *   const config = platformConfigFromEnv(process.env);
 */
export function platformConfigFromEnv(env: Record<string, string | undefined>): PlatformConfig {
  const e = parseOrThrow(PlatformEnvSchema, pickLvu(env), 'environment');
  return parseOrThrow(
    PlatformConfigSchema,
    {
      maxUploadBytes: e.LVU_MAX_UPLOAD_BYTES,
      multipartThresholdBytes: e.LVU_MULTIPART_THRESHOLD_BYTES,
      partBytes: e.LVU_PART_BYTES,
      allowedContentTypes: e.LVU_ALLOWED_CONTENT_TYPES?.split(',')
        .map((s) => s.trim().toLowerCase())
        .filter(Boolean),
      urlTtlSec: e.LVU_URL_TTL_SEC,
      maxAttempts: e.LVU_MAX_ATTEMPTS,
      chunkSec: e.LVU_CHUNK_SEC,
      overlapSec: e.LVU_OVERLAP_SEC,
    },
    'platform config',
  );
}

/** Only the variables this schema knows, so unrelated `LVU_*` settings do not trip it. */
function pickLvu(env: Record<string, string | undefined>): Record<string, string | undefined> {
  const keys = Object.keys(PlatformEnvSchema.shape);
  return Object.fromEntries(keys.map((k) => [k, env[k] === '' ? undefined : env[k]]));
}
