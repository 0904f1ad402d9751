import { z } from 'zod';
import { LvuError } from '../errors';
import type { MetadataStore } from '../ports/metadata-store';
import { parseOrThrow } from '../validate';
import { Keys } from './model';

/** Tenant names: short, URL- and key-safe. */
export const TenantIdSchema = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'tenant: lowercase letters, digits, _ and -, at most 63');

/** The partition that holds every API key item (looked up by hash, never listed by clients). */
const API_KEYS_PK = 'apikeys';
/** 32 random bytes: brute force is hopeless, so one SHA-256 (no slow KDF) is a safe hash. */
const KEY_BYTES = 32;
const KEY_PREFIX = 'lvu_';

const ApiKeyRecordSchema = z.object({ tenantId: z.string(), keyId: z.string(), createdAt: z.string(), revoked: z.boolean().optional() });

/** The tenant an authenticated request acts for. */
export interface Principal {
  tenantId: string;
  keyId: string;
}

/**
 * Creates an API key for `tenant` and stores only its SHA-256. Returns the key (shown
 * once) and its public id (`keyId`, the first characters, for logs and revocation).
 *
 * @example
 *   const { apiKey } = await createApiKey(meta, 'acme', new Date()); // "lvu_3q…"
 */
export async function createApiKey(
  meta: MetadataStore,
  tenant: string,
  now: Date,
): Promise<{ apiKey: string; keyId: string; tenantId: string }> {
  const tenantId = parseOrThrow(TenantIdSchema, tenant, 'tenant');
  const apiKey = KEY_PREFIX + base64url(crypto.getRandomValues(new Uint8Array(KEY_BYTES)));
  const keyId = apiKey.slice(0, KEY_PREFIX.length + 8);
  const hash = await sha256Hex(apiKey);
  await meta.put(API_KEYS_PK, Keys.apiKey(hash), { tenantId, keyId, createdAt: now.toISOString() }, { expectedVersion: null });
  return { apiKey, keyId, tenantId };
}

/**
 * Resolves a presented key to its tenant; UNAUTHORIZED (one message for every failure, so
 * nothing is learnt from the reply) when it is missing, malformed, unknown or revoked.
 * `hash` must compute lowercase-hex SHA-256 like `sha256Hex`; servers pass a synchronous
 * one (Web Crypto's digest hops to a thread pool, ~1 ms per call under load).
 */
export async function authenticate(
  meta: MetadataStore,
  presented: string | undefined,
  hash: (text: string) => string | Promise<string> = sha256Hex,
): Promise<Principal> {
  const unauthorized = () => new LvuError('UNAUTHORIZED', 'missing or invalid API key (send "Authorization: Bearer <key>")');
  if (!presented?.startsWith(KEY_PREFIX) || presented.length > 200) throw unauthorized();
  const item = await meta.get(API_KEYS_PK, Keys.apiKey(await hash(presented)));
  const parsed = ApiKeyRecordSchema.safeParse(item?.data);
  if (!parsed.success || parsed.data.revoked) throw unauthorized();
  return { tenantId: parsed.data.tenantId, keyId: parsed.data.keyId };
}

/** SHA-256 as lowercase hex (Web Crypto global). */
async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

function base64url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}
