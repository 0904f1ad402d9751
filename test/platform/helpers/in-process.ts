import { openLocalPlatform, type LocalPlatform } from '../../../adapters/local/platform';
import { createApiKey } from '../../../core/jobs/api-keys';
import { PlatformConfigSchema, type PlatformConfig } from '../../../core/jobs/deps';
import { silentLogger } from '../../../core/log';
import { createApiApp } from '../../../functions/api/app';
import { removeDir, tempDir } from './serve';

/** Origin used for signed URLs of the in-process app (requests never leave the process). */
export const TEST_ORIGIN = 'http://lvu.test';

/** A local platform (default config) in a fresh temp dir, for a test's beforeEach; `close` ends it and removes the dir. */
export async function openTestPlatform(label: string): Promise<{ dir: string; platform: LocalPlatform; close(): Promise<void> }> {
  const dir = await tempDir(label);
  const platform = await openLocalPlatform({ dataDir: `${dir}/data`, config: PlatformConfigSchema.parse({}), baseUrl: () => TEST_ORIGIN });
  return {
    dir,
    platform,
    close: async () => {
      platform.close();
      await removeDir(dir);
    },
  };
}

/** An API app over a local platform in a temp dir, with a clock the test can move. */
export interface InProcessApi {
  platform: LocalPlatform;
  app: ReturnType<typeof createApiApp>;
  keys: { a: string; b: string };
  clock: { advance(sec: number): void };
  /** `app.request` with tenant A's key (or `key: null` for none) and JSON handling. */
  call<T = any>(
    method: string,
    route: string,
    options?: { body?: unknown; key?: string | null; headers?: Record<string, string> },
  ): Promise<{ status: number; body: T }>;
  close(): Promise<void>;
}

/** Builds the in-process API with two tenants (`a`, `b`) and the given config overrides. */
export async function inProcessApi(config: Partial<PlatformConfig> = {}): Promise<InProcessApi> {
  const dataDir = await tempDir('api');
  let offsetMs = 0;
  const now = () => new Date(Date.now() + offsetMs);
  const platform = await openLocalPlatform({ dataDir, config: PlatformConfigSchema.parse(config), baseUrl: () => TEST_ORIGIN, now });
  const { presigner } = platform;
  const app = createApiApp({
    deps: platform.deps,
    localBlobs: { verify: (op, key, q) => presigner.verify(op, key, q), blobs: platform.deps.blobs, scratchDir: platform.scratchDir },
    maxJsonBytes: 16 * 1024,
    log: silentLogger(),
  });
  const keys = {
    a: (await createApiKey(platform.deps.meta, 'tenant-a', now())).apiKey,
    b: (await createApiKey(platform.deps.meta, 'tenant-b', now())).apiKey,
  };
  return {
    platform,
    app,
    keys,
    clock: { advance: (sec) => (offsetMs += sec * 1000) },
    call: async (method, route, options = {}) => {
      const key = options.key === undefined ? keys.a : options.key;
      const headers: Record<string, string> = { ...(key ? { authorization: `Bearer ${key}` } : {}), ...options.headers };
      let body: string | undefined;
      if (options.body !== undefined) {
        headers['content-type'] ??= 'application/json';
        body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
      }
      const res = await app.request(route.startsWith('http') ? route : `${TEST_ORIGIN}/v1${route}`, {
        method,
        headers,
        ...(body !== undefined ? { body } : {}),
      });
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        // not JSON (e.g. a downloaded blob): keep the text
      }
      return { status: res.status, body: parsed as any };
    },
    close: async () => {
      platform.close();
      await removeDir(dataDir);
    },
  };
}
