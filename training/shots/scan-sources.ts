/**
 * Lists the candidate transitions inside each source clip a montage draws from, so that the
 * shots a clip holds can be checked by eye before the montage truth calls every piece one shot
 * (`SOURCE_CUTS` in montages.ts):
 *
 *   nice -n 19 npx tsx training/shots/scan-sources.ts [clip …]
 *
 * Candidates are the union of every decision of our detector (rules, learned, temporal, at
 * lowered thresholds) and ffmpeg's scdet at a low threshold (5), so a cut only one of them
 * sees is still listed. A candidate is a question for the eye, not an answer: the script
 * writes a strip of the frames around each (`<clip>-<frame>.png`, 8 frames at full rate) to
 * the output folder (default /tmp/lvu-source-scan).
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runDetector, scdetScores, shotFrames } from './data';
import { SOURCE_SECONDS } from './montages';

const FOOTAGE = process.env['LVU_FOOTAGE_DIR'] ?? join(homedir(), '.cache/lvu-footage');

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { out: { type: 'string' } } });
  const outDir = values.out ?? '/tmp/lvu-source-scan';
  mkdirSync(outDir, { recursive: true });
  const clips = positionals.length > 0 ? positionals : Object.keys(SOURCE_SECONDS).filter((c) => !c.startsWith('lavfi:'));
  for (const clip of clips) {
    const src = join(FOOTAGE, 'clips', `${clip}.mp4`);
    if (!existsSync(src)) {
      process.stdout.write(`${clip}: missing ${src} (run bash training/footage.sh)\n`);
      continue;
    }
    const copy = join(outDir, `${clip}.mp4`); // shotFrames caches its decode next to the video
    if (!existsSync(copy)) copyFileSync(src, copy);
    const { frames, fps } = await shotFrames(copy);
    const found = new Map<number, string[]>();
    const note = (f: number, what: string) => found.set(f, [...(found.get(f) ?? []), what]);
    for (const [name, config] of [
      ['rules', { cutDecision: 'rules' }],
      ['learned', { cutDecision: 'learned', cutThreshold: 0.3 }],
      ['temporal', { cutDecision: 'temporal' }],
      ['temporal0.5', { cutDecision: 'temporal', temporalCutThreshold: 0.5 }],
    ] as const) {
      for (const t of runDetector(frames, fps, config))
        note(t.startFrame, `${name}:${t.type}${t.endFrame > t.startFrame ? `-${t.endFrame}` : ''}`);
    }
    scdetScores(copy).forEach((s, f) => {
      if (f > 0 && s >= 5) note(f, `scdet:${s.toFixed(1)}`);
    });
    const keys = [...found.keys()].sort((a, b) => a - b);
    process.stdout.write(`${clip}: ${frames.length} frames at ${fps.toFixed(3)} fps, ${keys.length} candidates\n`);
    for (const f of keys) {
      process.stdout.write(`  frame ${f} (${(f / fps).toFixed(3)} s): ${found.get(f)!.join(' ')}\n`);
      const png = join(outDir, `${clip}-${f}.png`);
      if (!existsSync(png)) {
        execFileSync('ffmpeg', [
          '-nostdin',
          '-v',
          'error',
          '-y',
          '-i',
          copy,
          '-vf',
          `select='between(n\\,${Math.max(0, f - 4)}\\,${f + 3})',scale=200:-2,tile=8x1`,
          '-frames:v',
          '1',
          png,
        ]);
      }
    }
  }
}

await main();
