import { App, Tags, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { parseLvuConfig, type LvuConfig } from './config';
import { acknowledgeCdkInternals } from './nag';
import { ApiStack } from './stacks/api-stack';
import { EventsStack } from './stacks/events-stack';
import { QueuesStack } from './stacks/queues-stack';
import { ScheduleStack } from './stacks/schedule-stack';
import { StorageStack } from './stacks/storage-stack';
import { TableStack } from './stacks/table-stack';
import { WorkersStack } from './stacks/workers-stack';

/** The stacks of one deployment, for tests and for `app.ts`'s main. */
export interface LvuStacks {
  events: EventsStack;
  table: TableStack;
  queues: QueuesStack;
  storage: StorageStack;
  api: ApiStack;
  workers: WorkersStack;
  schedule: ScheduleStack;
}

/**
 * Builds every stack of a deployment into `app`. Stack order follows references: queues
 * before storage (the bucket notifies the ingest queue), both before the consumers.
 */
export function buildLvuApp(app: App, config: LvuConfig): LvuStacks {
  const env = { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION };
  const name = (part: string): string => `lvu-${config.stage}-${part}`;
  const common = { env, config };
  const events = new EventsStack(app, name('events'), common);
  const table = new TableStack(app, name('table'), common);
  const queues = new QueuesStack(app, name('queues'), common);
  const storage = new StorageStack(app, name('storage'), { ...common, ingestQueue: queues.ingest });
  const resources = { bucket: storage.bucket, table: table.table, gpuTasks: queues.gpuTasks, cpuTasks: queues.cpuTasks, bus: events.bus };
  const api = new ApiStack(app, name('api'), { ...common, ...resources, ingestQueue: queues.ingest });
  const workers = new WorkersStack(app, name('workers'), { ...common, ...resources });
  const schedule = new ScheduleStack(app, name('schedule'), { ...common, ...resources });
  Tags.of(app).add('project', 'lvu');
  Tags.of(app).add('lvu:stage', config.stage);
  acknowledgeCdkInternals(app);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return { events, table, queues, storage, api, workers, schedule };
}

/** `cdk synth` / `cdk deploy` entry point (cdk.json: `npx tsx infra/app.ts`). */
function main(): void {
  const app = new App();
  buildLvuApp(app, parseLvuConfig(app.node.tryGetContext('lvu')));
  app.synth();
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) main();
