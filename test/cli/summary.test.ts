import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { plural } from '../../cli/words';
import { runLvu } from '../helpers/cli';
import { lavfiVideo, tempDir } from '../helpers/lavfi';

let dir: string;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
});
afterAll(() => cleanup());

describe('plural', () => {
  it.each([
    [0, 'shot', undefined, '0 shots'],
    [1, 'shot', undefined, '1 shot'],
    [2, 'shot', undefined, '2 shots'],
    [1, 'identity', 'identities', '1 identity'],
    [3, 'identity', 'identities', '3 identities'],
  ])('%s %s → %s', (n, word, many, text) => {
    expect(plural(n, word, many)).toBe(text);
  });
});

describe('lvu analyze summary', () => {
  it('says "1 shot" for a clip without a transition', async () => {
    // Prepare: 2 s of one unchanging scene.
    const clip = await lavfiVideo(join(dir, 'one.mp4'), 'testsrc2=s=160x90:r=25:d=2');
    // Act
    const res = await runLvu(['analyze', clip, '--out', join(dir, 'out'), '--stages', 'shots']);
    // Assess
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/^1 shot; transitions: none$/m);
  });
});
