import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { run } from '../../cli/commands/eval-track';
import { hasCode } from '../../core/errors';

const dir = mkdtempSync(join(tmpdir(), 'lvu-eval-track-'));
function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

function captureStdout(): { text: () => string } {
  const chunks: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((c: string | Uint8Array) => (chunks.push(String(c)), true));
  return { text: () => chunks.join('') };
}

afterEach(() => vi.restoreAllMocks());

describe('lvu eval track', () => {
  it('prints every figure; conf-0 ground-truth rows are ignored', async () => {
    // Prepare: one object over 4 frames, an ignore-marked box on frame 1, prediction misses frame 3
    const gt = file('gt.txt', '1,1,0,0,10,10,1,-1,-1,-1\n1,2,50,50,10,10,0,-1,-1,-1\n2,1,0,0,10,10,1\n3,1,0,0,10,10,1\n4,1,0,0,10,10,1\n');
    const pred = file('pred.txt', '1,7,0,0,10,10,0.9,-1,-1,-1\n2,7,0,0,10,10,0.9\n4,7,0,0,10,10,0.9\n');
    const out = captureStdout();
    // Act
    const code = await run([pred, gt]);
    // Assess
    expect(code).toBe(0);
    for (const label of [
      'MOTA',
      'MOTP',
      'IDF1',
      'IDP',
      'IDR',
      'precision',
      'recall',
      'ID switches',
      'fragmentations',
      'false positives',
      'misses (FN)',
      'GT boxes / ids',
      'pred boxes / ids',
    ]) {
      expect(out.text()).toContain(label);
    }
    expect(out.text()).toMatch(/MOTA\s+75\.0 %/);
    expect(out.text()).toMatch(/GT boxes \/ ids\s+4 \/ 1/);
  });

  it('--json prints the metrics object', async () => {
    const gt = file('gt2.txt', '1,1,0,0,10,10,1\n');
    const out = captureStdout();
    expect(await run([gt, gt, '--json'])).toBe(0);
    expect(JSON.parse(out.text())).toMatchObject({ mota: 1, idf1: 1, idSwitches: 0 });
  });

  it.each([
    [
      'a bad line, naming file and line',
      () => [file('bad.txt', '1,1,0,0,10,10\n2,1,0,0,ten,10\n'), file('ok.txt', '1,1,0,0,10,10\n')],
      'VALIDATION_FAILED',
      /bad\.txt:2: column 5/,
    ],
    ['a missing file', () => [join(dir, 'absent.txt'), file('ok2.txt', '1,1,0,0,10,10\n')], 'NOT_FOUND', /absent\.txt/],
    [
      'an IoU threshold out of range',
      () => [file('a.txt', '1,1,0,0,1,1\n'), file('b.txt', '1,1,0,0,1,1\n'), '--iou', '1.5'],
      'VALIDATION_FAILED',
      /iou/,
    ],
  ])('rejects %s', async (_name, args, code, message) => {
    const err = await run(args()).catch((e: unknown) => e);
    expect(hasCode(err, code)).toBe(true);
    expect((err as Error).message).toMatch(message);
  });

  it('prints usage and returns 2 without two files', async () => {
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    expect(await run(['only-one.txt'])).toBe(2);
    expect(String(spy.mock.calls[0]?.[0])).toContain('usage');
  });
});
