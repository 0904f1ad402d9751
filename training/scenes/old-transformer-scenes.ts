/**
 * The old transformer scenes, for comparison only: `transformer.json` carried `scenes`
 * (consecutive shots grouped by the Object Transformer's per-shot compatibility embedding)
 * until commit e7d4000; analyses made later lack them. This script must run inside a
 * checkout of that commit, from its root (it imports the old transformer stage):
 *
 *   git worktree add /tmp/lvu-old e7d4000 && ln -s "$PWD/node_modules" /tmp/lvu-old/node_modules
 *   cp training/scenes/old-transformer-scenes.ts /tmp/lvu-old/ && cd /tmp/lvu-old
 *   npx tsx old-transformer-scenes.ts ~/.cache/lvu-scenes/analysis/scenes-report-c …
 *
 * It writes `<analysis>/transformer-old-scenes.json` (`{scenes}`), which `report.ts` and
 * `lvu eval scenes --transformer` read.
 */
import { readFileSync, writeFileSync } from 'node:fs';
// Paths of the old checkout's root (this file is copied there to run).
import { decodeFeatureBank } from './stages/features/bank-io';
import { loadTransformerModel } from './stages/transformer/model';
import { runTransformerStage } from './stages/transformer/stage';
import { SessionCache } from './models/runtime';
import { modelsConfig } from './models';

const model = loadTransformerModel();
const sessions = new SessionCache(modelsConfig());
for (const dir of process.argv.slice(2)) {
  const bank = decodeFeatureBank(new Uint8Array(readFileSync(`${dir}/feature-bank.safetensors`)));
  const result = await runTransformerStage(bank, model, await sessions.open(model.resolved));
  const scenes = (result as unknown as { scenes: unknown[] }).scenes;
  writeFileSync(
    `${dir}/transformer-old-scenes.json`,
    JSON.stringify({ computedBy: 'stages/transformer at e7d4000', model: result.model, scenes }, null, 1),
  );
  process.stdout.write(`${dir}: ${scenes.length} old scenes\n`);
}
await sessions.dispose();
