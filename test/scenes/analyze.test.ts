import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ScenesFileSchema } from '../../core/contracts/scenes';
import { runLvu } from '../helpers/cli';
import { lavfiVideo } from '../helpers/lavfi';

describe('lvu analyze writes scenes.json with the feature bank', () => {
  it('features: scenes.json tiles the clip and the summary has a scenes line; shots only: no scenes.json', async () => {
    // Prepare: two 2.4-s generated scenes joined by a hard cut at frame 60
    const dir = await mkdtemp(join(tmpdir(), 'analyze-scenes-'));
    const clip = await lavfiVideo(
      join(dir, 'two.mp4'),
      'testsrc=s=320x180:r=25:d=2.4[a];smptebars=s=320x180:r=25:d=2.4[b];[a][b]concat=n=2:v=1[out]',
      { gop: 25 },
    );
    // Act
    const full = await runLvu(['analyze', clip, '--out', join(dir, 'full'), '--stages', 'features', '--detect-fps', '1']);
    const shotsOnly = await runLvu(['analyze', clip, '--out', join(dir, 'shots'), '--stages', 'shots']);
    // Assess
    expect(full.code, full.stderr).toBe(0);
    const scenes = ScenesFileSchema.parse(JSON.parse(readFileSync(join(dir, 'full', 'scenes.json'), 'utf8')));
    expect(scenes.scenes[0]!.startFrame).toBe(0);
    expect(scenes.scenes.at(-1)!.endFrame).toBe(120);
    expect(full.stdout).toMatch(/\d+ scenes? \(consecutive shots grouped by shots, frame-appearance/);
    expect(full.stdout).toMatch(/scenes\.json/);
    expect(shotsOnly.code, shotsOnly.stderr).toBe(0);
    expect(existsSync(join(dir, 'shots', 'scenes.json'))).toBe(false);
  }, 600_000);
});
