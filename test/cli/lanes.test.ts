import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runLvu } from '../helpers/cli';
import { lavfiVideo, tempDir } from '../helpers/lavfi';
import { autoChunkSec } from '../../cli/commands/analyze';
import { workerThreadsEnv } from '../../cli/commands/serve';

describe('lvu analyze: default chunk length', () => {
  it('keeps short videos in one chunk, cuts 40–120-s videos in two halves, and longer ones in 60-s chunks', () => {
    expect(autoChunkSec(37.4)).toBeGreaterThan(37.4); // the sample: one chunk
    expect(autoChunkSec(3)).toBe(5); // never below the flag's floor
    expect(autoChunkSec(53.5)).toBe(27); // shots_dev: two chunks, one per lane on two cores
    expect(Math.ceil(53.5 / autoChunkSec(53.5))).toBe(2);
    expect(Math.ceil(119 / autoChunkSec(119))).toBe(2);
    expect(autoChunkSec(600)).toBe(60);
    expect(autoChunkSec(7200)).toBe(60);
  });
});

describe('lvu serve: workers share the cores', () => {
  it("gives each worker its share of the cores for ORT's intra-op pool, unless the user set it", () => {
    expect(workerThreadsEnv({}, 2, 2)['LVU_INTRA_OP_THREADS']).toBe('1');
    expect(workerThreadsEnv({}, 2, 8)['LVU_INTRA_OP_THREADS']).toBe('4');
    expect(workerThreadsEnv({}, 4, 2)['LVU_INTRA_OP_THREADS']).toBe('1');
    expect(workerThreadsEnv({}, 0, 2)['LVU_INTRA_OP_THREADS']).toBe('2');
    expect(workerThreadsEnv({ LVU_INTRA_OP_THREADS: '3' }, 2, 2)['LVU_INTRA_OP_THREADS']).toBe('3');
    expect(workerThreadsEnv({ PATH: '/bin' }, 1, 2)['PATH']).toBe('/bin');
  });
});

describe('lvu analyze --profile', () => {
  it('ends with wall time, real-time ratio, cores busy and the time of each stage in the lanes', async () => {
    const { dir, cleanup } = await tempDir();
    try {
      // 12 s in 3 chunks of 5 s on two lanes: the profile sums the lanes' stages.
      const clip = await lavfiVideo(join(dir, 'clip.mp4'), 'testsrc2=s=320x180:r=25:d=12', { gop: 25 });
      const res = await runLvu([
        'analyze',
        clip,
        '--out',
        join(dir, 'out'),
        '--stages',
        'shots',
        '--chunk-sec',
        '5',
        '--workers',
        '2',
        '--profile',
      ]);
      expect(res.code, res.stderr).toBe(0);
      expect(res.stdout).toMatch(/profile: [\d.]+ s wall for 12\.0 s of video \([\d.]+× real time\); CPU [\d.]+ s = [\d.]+ cores busy/);
      expect(res.stdout).toMatch(/2 lanes/);
      // Every decoded frame of the three chunks went through the shot detector (overlaps included).
      const shotRow = res.stdout.split('\n').find((l) => l.trimStart().startsWith('shot detector'));
      expect(Number(shotRow?.trim().split(/\s+/).at(-3))).toBeGreaterThanOrEqual(300);
      expect(res.stdout).toMatch(/chunks \(decode, shots/);
    } finally {
      await cleanup();
    }
  }, 120_000);
});
