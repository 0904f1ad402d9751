import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FEATURE_BANK_FILE } from '../../core/contracts/feature-bank';
import { encodeFeatureBank } from '../../stages/features/bank-io';
import { runLvu } from '../helpers/cli';
import { syntheticBank } from './fixtures';

describe('lvu export lvu', () => {
  it('writes the research format next to the bank of an analysis dir', async () => {
    // Prepare
    const dir = mkdtempSync(join(tmpdir(), 'lvu-export-'));
    const bank = syntheticBank(5);
    writeFileSync(join(dir, FEATURE_BANK_FILE), encodeFeatureBank(bank).safetensors);
    // Act
    const r = await runLvu(['export', 'lvu', dir]);
    // Assess
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(readFileSync(join(dir, 'lvu-instances.json'), 'utf8')) as {
      videos: Record<string, Record<string, Record<string, [number, number, number[]]>>>;
    };
    const secs = out.videos[bank.index.videoId]!;
    const first = Object.values(secs[String(bank.second[0])]!)[0]!;
    expect(first).toEqual([bank.shotId[0], bank.trackId[0], [bank.classId[0]]]);
    expect(Object.values(secs).reduce((n, boxes) => n + Object.keys(boxes).length, 0)).toBe(bank.index.counts.rows);
  });

  it.each([
    ['an unknown format', ['export', 'csv', '.'], 1, /only export format is "lvu"/],
    ['a dir without a bank', ['export', 'lvu', tmpdir()], 1, /FEATURE_BANK_MISSING.*lvu analyze/],
    ['a missing argument', ['export', 'lvu'], 2, /usage/],
    ['a corrupt bank', ['export', 'lvu', 'CORRUPT'], 1, /SAFETENSORS_INVALID/],
  ])('fails clearly on %s', async (_n, args, code, message) => {
    const dir = mkdtempSync(join(tmpdir(), 'lvu-export-bad-'));
    writeFileSync(join(dir, 'x.safetensors'), 'not a safetensors file at all');
    const r = await runLvu(args.map((a) => (a === 'CORRUPT' ? join(dir, 'x.safetensors') : a)));
    expect(r.code).toBe(code);
    expect(r.stderr).toMatch(message);
  });
});
