import { z } from 'zod';
import { openLocalPlatform } from '../../adapters/local/platform';
import { platformConfigFromEnv } from '../../core/jobs/config';
import { createApiKey } from '../../core/jobs/api-keys';
import { parseOrThrow } from '../../core/validate';
import { parseFlags } from '../args';

export const summary = 'manage API keys of a local deployment: keys create --tenant NAME [--data DIR]';

const KeysOptionsSchema = z.object({
  action: z.literal('create'),
  tenant: z.string().min(1),
  data: z.string().min(1),
});

/**
 * `lvu keys create --tenant NAME --data DIR`: creates an API key for the tenant in the data
 * dir and prints only the key on stdout (scripts capture it); its id goes to stderr. The
 * key is stored hashed and cannot be shown again.
 */
export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags(argv, { tenant: { type: 'string' }, data: { type: 'string' } });
  const parsed = KeysOptionsSchema.safeParse({
    action: positionals[0],
    tenant: values.tenant,
    data: values.data ?? process.env['LVU_DATA_DIR'] ?? 'lvu-data',
  });
  if (!parsed.success || positionals.length !== 1) {
    process.stderr.write(`usage: lvu ${summary}\n`);
    return 2;
  }
  const opts = parseOrThrow(KeysOptionsSchema, parsed.data, 'keys options');
  const platform = await openLocalPlatform({ dataDir: opts.data, config: platformConfigFromEnv(process.env) });
  try {
    const { apiKey, keyId, tenantId } = await createApiKey(platform.deps.meta, opts.tenant, new Date());
    process.stdout.write(`${apiKey}\n`);
    process.stderr.write(`created key ${keyId}… for tenant ${tenantId}\n`);
    return 0;
  } finally {
    platform.close();
  }
}
