/**
 * Reading a stored analysis (an `lvu analyze` output dir) into the scenes stage's input,
 * and the development set's montage list. Used by the tuning and report scripts and the
 * scenes bench; the stage itself never reads files.
 */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { FEATURE_BANK_FILE } from '../../core/contracts/feature-bank';
import { IdentitiesFileSchema } from '../../core/contracts/identities';
import { ShotsFileSchema } from '../../core/contracts/shots';
import { parseOrThrow } from '../../core/validate';
import { decodeFeatureBank } from '../../stages/features/bank-io';
import type { ScenesInput } from '../../stages/scenes';
import { ScenesGroundTruthSchema, type ScenesGroundTruth } from '../../stages/scenes/eval';

/** Where the development set lives (`make-montages.ts --out`). */
export function scenesDir(): string {
  return resolve(process.env['LVU_SCENES_DIR'] ?? join(homedir(), '.cache/lvu-scenes'));
}

const json = (path: string): unknown => JSON.parse(readFileSync(path, 'utf8'));

/** shots.json, and the feature bank and identities.json when the analysis has them. */
export function readAnalysis(dir: string): ScenesInput {
  const shotsFile = parseOrThrow(ShotsFileSchema, json(join(dir, 'shots.json')), `${dir}/shots.json`);
  const bankPath = join(dir, FEATURE_BANK_FILE);
  const identitiesPath = join(dir, 'identities.json');
  return {
    shotsFile,
    ...(existsSync(bankPath) ? { featureBank: decodeFeatureBank(new Uint8Array(readFileSync(bankPath))) } : {}),
    ...(existsSync(identitiesPath) ? { identitiesFile: parseOrThrow(IdentitiesFileSchema, json(identitiesPath), identitiesPath) } : {}),
  };
}

export interface DevMontage {
  name: string;
  split: 'tune' | 'report';
  analysisDir: string;
  truth: ScenesGroundTruth;
}

/** The montages of one split (or all) whose analyses are stored. */
export function devMontages(split?: 'tune' | 'report'): DevMontage[] {
  const dir = scenesDir();
  const list = json(join(dir, 'montages.json')) as { name: string; split: 'tune' | 'report'; truth: string }[];
  return list
    .filter((m) => (split ? m.split === split : true) && existsSync(join(dir, 'analysis', m.name, 'shots.json')))
    .map((m) => ({
      name: m.name,
      split: m.split,
      analysisDir: join(dir, 'analysis', m.name),
      truth: parseOrThrow(ScenesGroundTruthSchema, json(join(dir, m.truth)), m.truth),
    }));
}
