import { existsSync, statSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { z } from 'zod';
import { FEATURE_BANK_FILE } from '../../core/contracts/feature-bank';
import { LvuError } from '../../core/errors';
import { parseOrThrow } from '../../core/validate';
import { decodeFeatureBank } from '../../stages/features/bank-io';
import { toLvuResearchFormat } from '../../stages/features/lvu-format';
import { parseFlags } from '../args';

export const summary = 'export artifacts to other tools: lvu export lvu <analysis-dir | video | bank.safetensors> [--out FILE|-]';

const ExportOptionsSchema = z.object({
  format: z.literal('lvu', { error: 'the only export format is "lvu" (the lvu research per-second instance format)' }),
  target: z.string().min(1),
  out: z.string().min(1).optional(),
});

/**
 * Where the bank of `target` lives: the file itself (`*.safetensors`), `DIR/feature-bank.safetensors`
 * for an analysis dir, or `lvu-out/<name>/…` (where `lvu analyze` writes) for a video path.
 */
export function locateBank(target: string): string {
  const p = resolve(target);
  if (p.endsWith('.safetensors')) return p;
  const dir = existsSync(p) && statSync(p).isDirectory() ? p : resolve('lvu-out', basename(p).replace(/\.[^.]+$/, ''));
  const bank = join(dir, FEATURE_BANK_FILE);
  if (!existsSync(bank)) {
    throw new LvuError('FEATURE_BANK_MISSING', `no ${FEATURE_BANK_FILE} in ${dir} (run \`lvu analyze <video> --out ${dir}\` first)`);
  }
  return bank;
}

/**
 * `lvu export lvu <target>`: reads the feature bank and writes the lvu research format
 * (`videos[video][sec][box] = [shot_id, track_id, [class_id]]`) as JSON to
 * `<bank dir>/lvu-instances.json`, or to `--out FILE` (`-` for stdout).
 */
export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags(argv, { out: { type: 'string' } });
  if (positionals.length !== 2) {
    process.stderr.write(`usage: ${summary}\n`);
    return 2;
  }
  const opts = parseOrThrow(ExportOptionsSchema, { format: positionals[0], target: positionals[1], out: values.out }, 'export options');
  const bankPath = locateBank(opts.target);
  const bank = decodeFeatureBank(new Uint8Array(await readFile(bankPath)));
  const { videos, collisions } = toLvuResearchFormat([{ video: bank.index.videoId, bank }]);
  const json = `${JSON.stringify({ format: 'lvu-instance-meta', fields: ['shot_id', 'track_id', 'semantics'], videos })}\n`;
  if (opts.out === '-') {
    process.stdout.write(json);
    return 0;
  }
  const out = resolve(opts.out ?? join(bankPath, '..', 'lvu-instances.json'));
  await writeFile(out, json);
  const note = collisions ? `; ${collisions} instance(s) sharing a rounded box at the same second were dropped` : '';
  process.stdout.write(`wrote ${out}: ${bank.index.counts.rows} instance-seconds of ${bank.index.videoId}${note}\n`);
  return 0;
}
