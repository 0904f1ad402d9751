import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IdentitiesFileSchema } from '../../core/contracts/identities';
import { TracksFileSchema } from '../../core/contracts/tracks';
import { parseMot } from '../../stages/track';
import { runLvu } from '../helpers/cli';
import { hasTestData, needsData, testData } from '../helpers/data';
import { lavfiVideo, tempDir } from '../helpers/lavfi';

let dir: string;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
});
afterAll(() => cleanup());

const TUD = 'tracking/TUD-Campus/TUD-Campus.mp4';

describe('lvu analyze with detection', () => {
  it.skipIf(!hasTestData(TUD))(
    needsData('writes tracks.json, tracks.mot.txt and identities.json and a people summary (TUD-Campus, every frame)', TUD),
    async () => {
      const video = testData(TUD)!;
      // Act
      const res = await runLvu(['analyze', video, '--out', join(dir, 'tud'), '--detect-every', '1', '--pose', 'off']);
      // Assess
      expect(res.code, res.stderr).toBe(0);
      const tracks = TracksFileSchema.parse(JSON.parse(await readFile(join(dir, 'tud', 'tracks.json'), 'utf8')));
      const identities = IdentitiesFileSchema.parse(JSON.parse(await readFile(join(dir, 'tud', 'identities.json'), 'utf8')));
      const mot = parseMot(await readFile(join(dir, 'tud', 'tracks.mot.txt'), 'utf8'), 'tracks.mot.txt');
      const people = tracks.tracks.filter((t) => t.classId === 0);
      expect(people.length).toBeGreaterThanOrEqual(6);
      expect(people.every((t) => t.identityId !== null && t.shotIds.length === 1)).toBe(true);
      expect(new Set(mot.map((r) => r.id))).toEqual(new Set(people.map((t) => t.id)));
      expect(Math.min(...mot.map((r) => r.frame))).toBeGreaterThanOrEqual(1);
      expect(identities.identities.flatMap((i) => i.trackIds).sort((a, b) => a - b)).toEqual(people.map((t) => t.id).sort((a, b) => a - b));
      expect(res.stdout).toMatch(new RegExp(`${people.length} people tracks \\(\\d+ identities\\)`));
      expect(res.stderr).toMatch(/decode\+shots\+detect: \d+/);
    },
  );

  it('--stages shots skips detection: shots.json and the shot thumbnails only', async () => {
    // Prepare
    const clip = await lavfiVideo(join(dir, 'plain.mp4'), 'testsrc2=s=160x90:r=25:d=2');
    // Act
    const res = await runLvu(['analyze', clip, '--out', join(dir, 'shots-only'), '--stages', 'shots']);
    // Assess
    expect(res.code, res.stderr).toBe(0);
    expect((await readdir(join(dir, 'shots-only'))).sort()).toEqual(['shots.json', 'thumbnails.jpgs', 'thumbnails.json']);
    expect(res.stdout).not.toMatch(/people/);
  });

  it.each([
    ['an unknown stage', ['--stages', 'shots,faces'], /stages/],
    ['a zero --detect-every', ['--detect-every', '0'], /--detect-every/],
    ['a negative --detect-fps', ['--detect-fps=-2'], /--detect-fps/],
    ['a bad --pose', ['--pose', 'maybe'], /pose/],
  ])('rejects %s with one clear line', async (_l, flags, pattern) => {
    const res = await runLvu(['analyze', 'x.mp4', ...flags]);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(pattern);
    expect(res.stderr.trim().split('\n')).toHaveLength(1);
  });
});
