import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { openLocalPlatform, type LocalPlatform } from '../../adapters/local/platform';
import { ValidationError } from '../../core/errors';
import { TenantIdSchema, type Principal } from '../../core/jobs/api-keys';
import { registeredAnswerModels } from '../../core/jobs/answers';
import { platformConfigFromEnv } from '../../core/jobs/config';
import { DefineTaskRequestSchema, TaskNameSchema, TrainRequestSchema } from '../../core/tasks/contracts';
import { defineTask, getTask, listTasks } from '../../core/tasks/define';
import { importLabels } from '../../core/tasks/labels';
import { requestTraining, runTraining } from '../../core/tasks/train';
import { parseOrThrow } from '../../core/validate';
import { loadTransformerModel } from '../../stages/transformer/model';
import { trainTaskHead } from '../../stages/transformer/train-head';
import { parseFlags } from '../args';

export const summary =
  'teach a task offline on a local data dir: tasks define|label|train|show|list NAME [--data DIR] [--tenant T] (see lvu tasks --help)';

const USAGE = `usage:
  lvu tasks define NAME --kind classification --labels a,b[,c…] [--description TEXT]
  lvu tasks define NAME --kind regression [--description TEXT]
  lvu tasks label NAME --csv FILE [--id-column COL] [--label-column COL]   (rows name videos by externalId or video id; LVU-benchmark CSVs work as they are)
  lvu tasks train NAME [--folds 5] [--lambda L]   (trains in this process; the re-answer tasks it queues run on \`lvu serve\`/\`lvu worker\`)
  lvu tasks show NAME | lvu tasks list
common: --data DIR (default $LVU_DATA_DIR or lvu-data), --tenant T (default $LVU_TENANT or local)`;

const CommonSchema = z.object({ data: z.string().min(1), tenant: TenantIdSchema });

type Flags = Record<string, string | boolean | undefined>;
type Action = (platform: LocalPlatform, principal: Principal, name: string, flags: Flags) => Promise<unknown>;

const ACTIONS: Record<string, Action> = {
  define: async (p, principal, name, f) => {
    const body =
      f['kind'] === 'classification'
        ? {
            name,
            kind: 'classification',
            labels: String(f['labels'] ?? '')
              .split(',')
              .map((s) => s.trim())
              .filter(Boolean),
            description: f['description'] ?? '',
          }
        : { name, kind: f['kind'], description: f['description'] ?? '' };
    return defineTask(p.deps, principal, parseOrThrow(DefineTaskRequestSchema, body, 'task definition'));
  },
  label: async (p, principal, name, f) => {
    if (typeof f['csv'] !== 'string') throw new ValidationError('lvu tasks label needs --csv FILE');
    const csv = readFileSync(resolve(f['csv']), 'utf8');
    const opt = (k: string) => (typeof f[k] === 'string' ? { [k === 'id-column' ? 'idColumn' : 'labelColumn']: f[k] as string } : {});
    return importLabels(p.deps, principal, name, { csv, ...opt('id-column'), ...opt('label-column') });
  },
  train: async (p, principal, name, f) => {
    const request = parseOrThrow(
      TrainRequestSchema,
      {
        folds: f['folds'] === undefined ? undefined : Number(f['folds']),
        lambda: f['lambda'] === undefined ? undefined : Number(f['lambda']),
      },
      'train options',
    );
    const queued = await requestTraining(p.deps, principal, name, request);
    const own = loadTransformerModel().resolved.manifest;
    const model = (await registeredAnswerModels(p.deps.meta)).get(own.name) ?? { name: own.name, version: own.version };
    const view = await getTask(p.deps, principal, name);
    // The queued task is run here; a worker that receives it later finds it done and skips it.
    await runTraining(p.deps, trainTaskHead, model, {
      type: 'train',
      videoId: view.training.job!,
      tenantId: principal.tenantId,
      task: name,
      version: queued.version,
    });
    return getTask(p.deps, principal, name);
  },
  show: (p, principal, name) => getTask(p.deps, principal, name),
  list: (p, principal) => listTasks(p.deps, principal),
};

/**
 * `lvu tasks …`: what `/v1/tasks` does, on a local data dir (the one `lvu serve` uses), so
 * a task can be defined, labelled from a CSV, trained and shown from a script. Prints JSON
 * (the API's bodies); errors print one line with the API's code.
 */
export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags(argv, {
    data: { type: 'string' },
    tenant: { type: 'string' },
    kind: { type: 'string' },
    labels: { type: 'string' },
    description: { type: 'string' },
    csv: { type: 'string' },
    'id-column': { type: 'string' },
    'label-column': { type: 'string' },
    folds: { type: 'string' },
    lambda: { type: 'string' },
    help: { type: 'boolean' },
  });
  const [action, name] = positionals;
  const act = action ? ACTIONS[action] : undefined;
  if (values.help || !act || (action !== 'list' && !name)) {
    process.stderr.write(`${USAGE}\n`);
    return values.help ? 0 : 2;
  }
  const common = parseOrThrow(
    CommonSchema,
    { data: values.data ?? process.env['LVU_DATA_DIR'] ?? 'lvu-data', tenant: values.tenant ?? process.env['LVU_TENANT'] ?? 'local' },
    'tasks options',
  );
  if (name !== undefined) parseOrThrow(TaskNameSchema, name, 'task name');
  const platform = await openLocalPlatform({ dataDir: common.data, config: platformConfigFromEnv(process.env) });
  try {
    const out = await act(platform, { tenantId: common.tenant, keyId: 'cli' }, name ?? '', values);
    process.stdout.write(`${JSON.stringify(out, null, 1)}\n`);
    return 0;
  } finally {
    platform.close();
  }
}
