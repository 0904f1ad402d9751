import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { VideoProbe } from '../../core/contracts/video';
import { decodeFrames, probe } from '../../stages/video';
import { buildDecodeArgs, type DecodeOutput } from '../../stages/video/filtergraph';
import { decodeModeFromEnv, type HwaccelCapability, parseHwaccels, probeHwaccel, resolveDecodeBackend } from '../../stages/video/hwaccel';
import { lavfiVideo, tempDir } from '../helpers/lavfi';

const GPU_HOST: HwaccelCapability = { ffmpegCuda: true, device: true, hwaccels: ['vdpau', 'cuda'] };
const NO_DEVICE: HwaccelCapability = { ...GPU_HOST, device: false };
const NO_CUDA_FFMPEG: HwaccelCapability = { ffmpegCuda: false, device: true, hwaccels: ['vaapi'] };

describe('resolveDecodeBackend: the fallback rules', () => {
  it.each([
    ['cpu on a GPU host stays on the CPU', 'cpu', 'h264', GPU_HOST, 'cpu', /LVU_DECODE=cpu/],
    ['auto, h264 on a GPU host → NVDEC', 'auto', 'h264', GPU_HOST, 'nvdec', /NVDEC decodes h264/],
    ['auto, hevc on a GPU host → NVDEC', 'auto', 'hevc', GPU_HOST, 'nvdec', /hevc/],
    ['auto, msmpeg4v3 (no NVDEC support) → CPU, says why', 'auto', 'msmpeg4v3', GPU_HOST, 'cpu', /does not decode msmpeg4v3/],
    ['auto without a device → CPU, says why', 'auto', 'h264', NO_DEVICE, 'cpu', /no NVIDIA device/],
    ['auto with an ffmpeg built without cuda → CPU, says why', 'auto', 'h264', NO_CUDA_FFMPEG, 'cpu', /no cuda hwaccel/],
    ['nvdec, h264 on a GPU host → NVDEC', 'nvdec', 'h264', GPU_HOST, 'nvdec', /NVDEC/],
  ] as const)('%s', (_label, mode, codec, cap, backend, reason) => {
    // Act
    const decision = resolveDecodeBackend(mode, codec, cap);
    // Assess
    expect(decision.backend).toBe(backend);
    expect(decision.reason).toMatch(reason);
  });

  it.each([
    ['no device', 'h264', NO_DEVICE, /LVU_DECODE=nvdec, but no NVIDIA device/],
    ['an unsupported codec', 'prores', GPU_HOST, /NVDEC does not decode prores/],
  ] as const)('nvdec insists: %s is a clear error, not a silent CPU decode', (_label, codec, cap, message) => {
    // Act + Assess
    expect(() => resolveDecodeBackend('nvdec', codec, cap)).toThrow(message);
  });
});

describe('decode arguments', () => {
  const probeOf = {
    width: 640,
    height: 360,
    fps: 25,
    frameCount: 100,
    keyframeFrames: [0],
    keyframeSecs: [0],
    startSec: 0,
    containerStartSec: 0,
  } as unknown as VideoProbe;
  const outputs: DecodeOutput[] = [{ name: 'det', width: 512, height: 288, format: 'rgb24', fps: 5 }];

  it('NVDEC: -hwaccel cuda before the input, no hwaccel_output_format (frames come back to system memory, same filter graph)', () => {
    // Act
    const cpu = buildDecodeArgs('in.mp4', probeOf, 0, 100, outputs, 1, 'cpu');
    const nvdec = buildDecodeArgs('in.mp4', probeOf, 0, 100, outputs, 1, 'nvdec');
    // Assess
    const at = nvdec.indexOf('-hwaccel');
    expect(at).toBeGreaterThan(-1);
    expect(nvdec[at + 1]).toBe('cuda');
    expect(at).toBeLessThan(nvdec.indexOf('-i'));
    expect(nvdec).not.toContain('-hwaccel_output_format');
    expect(cpu).not.toContain('-hwaccel');
    expect(nvdec.filter((a) => a !== '-hwaccel' && a !== 'cuda')).toEqual(cpu);
  });

  it('the default backend is the CPU', () => {
    expect(buildDecodeArgs('in.mp4', probeOf, 0, 100, outputs, 1)).not.toContain('-hwaccel');
  });
});

describe('LVU_DECODE and this host', () => {
  const saved = process.env['LVU_DECODE'];
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  let clip: string;
  beforeAll(async () => {
    tmp = await tempDir('hwaccel-');
    clip = await lavfiVideo(join(tmp.dir, 'clip.mp4'), 'testsrc2=s=160x120:r=25:d=1', { gop: 25 });
  });
  afterEach(() => {
    if (saved === undefined) delete process.env['LVU_DECODE'];
    else process.env['LVU_DECODE'] = saved;
  });
  afterAll(() => tmp.cleanup());

  it.each([
    [undefined, 'auto'],
    ['', 'auto'],
    ['cpu', 'cpu'],
    ['nvdec', 'nvdec'],
  ])('LVU_DECODE=%s → %s', (value, mode) => {
    expect(decodeModeFromEnv(value === undefined ? {} : { LVU_DECODE: value })).toBe(mode);
  });

  it('a bad LVU_DECODE names the variable and the choices', () => {
    expect(() => decodeModeFromEnv({ LVU_DECODE: 'gpu' })).toThrow(/LVU_DECODE must be auto, cpu or nvdec \(got "gpu"\)/);
  });

  it('parses `ffmpeg -hwaccels`', () => {
    expect(parseHwaccels('Hardware acceleration methods:\nvdpau\ncuda\n\n')).toEqual(['vdpau', 'cuda']);
  });

  it('probes the real ffmpeg and device nodes of this host', async () => {
    // Act
    const cap = await probeHwaccel();
    // Assess: the answer agrees with what the host shows
    expect(cap.device).toBe(existsSync('/dev/nvidia0') || existsSync('/dev/nvidiactl'));
    expect(cap.ffmpegCuda).toBe(cap.hwaccels.includes('cuda'));
  });

  it('auto decodes real frames on a host without NVDEC (CPU fallback), nvdec there is a clear error', async () => {
    // Prepare
    const cap = await probeHwaccel();
    const p = await probe(clip);
    const outputs: DecodeOutput[] = [{ name: 'tiny', width: 32, height: 24, format: 'gray' }];
    const count = async () => {
      let n = 0;
      for await (const _ of decodeFrames({ path: clip, probe: p, outputs, threads: 1 })) n++;
      return n;
    };
    // Act + Assess
    process.env['LVU_DECODE'] = 'auto';
    expect(await count()).toBe(p.frameCount);
    if (!(cap.device && cap.ffmpegCuda)) {
      process.env['LVU_DECODE'] = 'nvdec';
      await expect(count()).rejects.toThrow(/LVU_DECODE=nvdec, but/);
    }
  });
});
