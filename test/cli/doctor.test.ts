import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runLvu } from '../helpers/cli';

describe('lvu doctor', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lvu-doctor-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('reports ffmpeg, hwaccels, the decode backend, ORT and its CUDA provider, cores, models, data dir', async () => {
    // Prepare
    const data = join(dir, 'data');
    await mkdir(data, { mode: 0o700 });
    // Act
    const { code, stdout } = await runLvu(['doctor', '--data', data]);
    // Assess
    expect(code).toBe(0);
    const names = stdout
      .split('\n')
      .filter(Boolean)
      .map((l) => l.slice(4, 21).trim());
    expect(names).toEqual([
      'ffmpeg',
      'ffprobe',
      'hwaccels',
      'decode (h264)',
      'onnxruntime',
      'cuda provider',
      'model cache',
      'cores',
      'data dir',
      'torch (training)',
    ]);
    expect(stdout).toMatch(/^ok {2}ffmpeg +ffmpeg version \S+$/m);
    expect(stdout).toMatch(/decode \(h264\) +(cpu|nvdec): /);
    expect(stdout).toMatch(new RegExp(`^ok  data dir +${data}, mode 700$`, 'm'));
  });

  it('a world-readable data dir is flagged with the reason', async () => {
    // Prepare
    const data = join(dir, 'open');
    await mkdir(data, { mode: 0o755 });
    // Act
    const { stdout } = await runLvu(['doctor', '--data', data]);
    // Assess
    expect(stdout).toMatch(/^-- {2}data dir .*mode 755 lets other users read it/m);
  });

  it('a missing ffmpeg is required: "!!", how to install, exit 1', async () => {
    // Act
    const { code, stdout } = await runLvu(['doctor', '--data', dir], { env: { LVU_FFMPEG: join(dir, 'no-ffmpeg') } });
    // Assess
    expect(code).toBe(1);
    expect(stdout).toMatch(/^!! {2}ffmpeg +.*no-ffmpeg not found: apt-get install -y ffmpeg/m);
  });

  it('LVU_DECODE=nvdec on a host that cannot: the decode line says why and is required', async () => {
    // Act
    const { stdout } = await runLvu(['doctor', '--data', dir], { env: { LVU_DECODE: 'nvdec' } });
    // Assess: either this host has NVDEC (ok) or the line names what is missing
    expect(stdout).toMatch(/^(ok {2}decode \(h264\) +nvdec|!! {2}decode \(h264\) +LVU_DECODE=nvdec, but)/m);
  });
});
