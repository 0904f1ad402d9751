import { existsSync } from 'node:fs';
import { z } from 'zod';
import { VideoError, VideoErrorCode } from './errors';
import { ffmpegPaths, runTool } from './ffmpeg';

/**
 * Where video is decoded: `cpu` (ffmpeg's software decoders), `nvdec` (NVIDIA's hardware
 * decoder through `-hwaccel cuda`), or `auto` (NVDEC when this host has a device, ffmpeg was
 * built with CUDA and the codec is one NVDEC decodes; else the CPU). Parsed once from
 * `LVU_DECODE` at the edge.
 */
export const DecodeModeSchema = z.enum(['auto', 'cpu', 'nvdec']).default('auto');
export type DecodeMode = z.infer<typeof DecodeModeSchema>;

/**
 * Codecs (ffprobe `codec_name`) that NVDEC decodes on the GPUs the worker pool uses (Ampere
 * and later: g5/A10G, L4, H100/H200), from NVIDIA's Video Codec SDK support matrix. Anything
 * else (e.g. `msmpeg4v3`, `prores`) decodes on the CPU.
 */
export const NVDEC_CODECS: ReadonlySet<string> = new Set([
  'h264',
  'hevc',
  'av1',
  'vp8',
  'vp9',
  'mpeg1video',
  'mpeg2video',
  'mpeg4',
  'vc1',
  'mjpeg',
]);

/** What this host offers for hardware decoding, as found by `probeHwaccel`. */
export interface HwaccelCapability {
  /** ffmpeg lists `cuda` under `-hwaccels`. */
  ffmpegCuda: boolean;
  /** An NVIDIA device node is present (`/dev/nvidia0`, or `/dev/nvidiactl` in containers). */
  device: boolean;
  /** Every hwaccel ffmpeg lists (for `lvu doctor`). */
  hwaccels: string[];
}

/** The decision for one decode: which backend, and why (a sentence for the log and `lvu doctor`). */
export interface DecodeBackend {
  backend: 'cpu' | 'nvdec';
  reason: string;
}

/**
 * Decides the decode backend for a video of `codec` under `mode`. `cpu` always decodes on
 * the CPU; `nvdec` insists (a clear error when the host or the codec cannot do it, so a
 * misconfigured GPU pool fails loudly instead of silently running slow); `auto` takes NVDEC
 * when it can and otherwise says why it fell back.
 *
 * @example resolveDecodeBackend('auto', 'h264', { ffmpegCuda: true, device: false, hwaccels: ['cuda'] })
 *   // → { backend: 'cpu', reason: 'no NVIDIA device on this host' }
 */
export function resolveDecodeBackend(mode: DecodeMode, codec: string, cap: HwaccelCapability): DecodeBackend {
  if (mode === 'cpu') return { backend: 'cpu', reason: 'LVU_DECODE=cpu' };
  const missing = nvdecBlocker(codec, cap);
  if (missing === undefined) return { backend: 'nvdec', reason: `NVDEC decodes ${codec} on this host` };
  if (mode === 'nvdec') throw new VideoError(VideoErrorCode.DecodeFailed, `LVU_DECODE=nvdec, but ${missing}; use LVU_DECODE=auto or cpu`);
  return { backend: 'cpu', reason: missing };
}

/** Why NVDEC cannot decode `codec` here, or undefined when it can. */
function nvdecBlocker(codec: string, cap: HwaccelCapability): string | undefined {
  if (!cap.ffmpegCuda) return 'this ffmpeg has no cuda hwaccel (`ffmpeg -hwaccels`)';
  if (!cap.device) return 'no NVIDIA device on this host';
  if (!NVDEC_CODECS.has(codec)) return `NVDEC does not decode ${codec}`;
  return undefined;
}

/**
 * ffmpeg input options for a backend. NVDEC decodes with `-hwaccel cuda` and WITHOUT
 * `-hwaccel_output_format cuda`, so ffmpeg copies each decoded frame back to system memory
 * and the CPU filter graph (split, scale, fps, pixel formats) stays exactly as it is.
 * These go before `-i`.
 */
export function hwaccelInputArgs(backend: DecodeBackend['backend']): string[] {
  return backend === 'nvdec' ? ['-hwaccel', 'cuda'] : [];
}

/** Parses `ffmpeg -hwaccels` output ("Hardware acceleration methods:" then one per line). */
export function parseHwaccels(stdout: string): string[] {
  return stdout
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 0 && !l.endsWith(':'));
}

let cached: Promise<HwaccelCapability> | undefined;

/**
 * Asks ffmpeg which hwaccels it was built with and looks for an NVIDIA device node. Runs
 * once per process (the answer cannot change while it runs).
 */
export function probeHwaccel(): Promise<HwaccelCapability> {
  cached ??= (async () => {
    const { ffmpeg } = ffmpegPaths();
    const result = await runTool(ffmpeg, ['-hide_banner', '-hwaccels']);
    const hwaccels = result.code === 0 ? parseHwaccels(result.stdout) : [];
    return { ffmpegCuda: hwaccels.includes('cuda'), device: existsSync('/dev/nvidia0') || existsSync('/dev/nvidiactl'), hwaccels };
  })();
  return cached;
}

/** `LVU_DECODE` parsed with zod; a bad value names the variable and the choices. */
export function decodeModeFromEnv(env: NodeJS.ProcessEnv = process.env): DecodeMode {
  const parsed = DecodeModeSchema.safeParse(env['LVU_DECODE'] || undefined);
  if (!parsed.success)
    throw new VideoError(VideoErrorCode.DecodeFailed, `LVU_DECODE must be auto, cpu or nvdec (got "${env['LVU_DECODE']}")`);
  return parsed.data;
}
