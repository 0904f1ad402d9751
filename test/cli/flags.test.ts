import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseFlagValues, parseFlags } from '../../cli/args';
import { runLvu } from '../helpers/cli';

describe('parseFlags', () => {
  it.each([
    ['a negative integer', ['--n', '-1'], '-1'],
    ['a negative decimal', ['--n', '-0.5'], '-0.5'],
    ['a negative with exponent', ['--n', '-1e3'], '-1e3'],
    ['the = form', ['--n=-2'], '-2'],
  ])('takes %s as the value of a string flag', (_l, argv, value) => {
    // Act
    const { values } = parseFlags(argv, { n: { type: 'string' } });
    // Assess
    expect(values.n).toBe(value);
  });

  it('still treats a dash word after a string flag as a missing value', () => {
    expect(() => parseFlags(['--n', '--other'], { n: { type: 'string' }, other: { type: 'boolean' } })).toThrow(/--n/);
  });

  it('does not take a negative number as the value of a boolean flag', () => {
    expect(() => parseFlags(['--json', '-1'], { json: { type: 'boolean' } })).toThrow(/Unknown option '-1'/);
  });
});

describe('parseFlagValues', () => {
  const Schema = z.object({ chunkSec: z.coerce.number().min(5, 'must be at least 5 s') });

  it('names the flag, not the schema key, in its message', () => {
    expect(() => parseFlagValues(Schema, { chunkSec: '-1' }, 'analyze options')).toThrow(/--chunk-sec: must be at least 5 s \(got "-1"\)/);
  });
});

describe('lvu analyze --chunk-sec', () => {
  it.each([
    ['a negative number', '-1'],
    ['half a second (was: 103 chunks)', '0.5'],
    ['zero', '0'],
    ['more than an hour', '7200'],
    ['a word', 'abc'],
  ])('rejects %s with one line naming the flag and its range', async (_l, value) => {
    // Act: validation runs before the file is opened, so no video is needed.
    const res = await runLvu(['analyze', 'missing.mp4', '--chunk-sec', value]);
    // Assess
    expect(res.code).toBe(1);
    expect(res.stderr.trim().split('\n')).toHaveLength(1);
    expect(res.stderr).toMatch(/^lvu: VALIDATION_FAILED: .*--chunk-sec: .*between 5 and 3600 s/);
    expect(res.stderr).not.toMatch(/ambiguous/);
  });
});
