/**
 * `lvu doctor [--data DIR]`: what this host can use, one line per thing, with a reason for
 * each thing that is missing — ffmpeg and its hwaccels (and the decode backend LVU_DECODE
 * picks for H.264), ONNX Runtime and its CUDA execution provider (which library is missing,
 * or why a session does not open), cores and memory, the model cache, the data dir, and
 * Debian's torch for training. Exit 1 only when something every command needs is missing
 * (ffmpeg, ffprobe; the CUDA provider when LVU_EXECUTION_PROVIDER=cuda).
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { availableParallelism, totalmem } from 'node:os';
import { resolve } from 'node:path';
import { diagnoseCudaProvider } from '../../gpu-workers/cuda-ep';
import { listModels, modelsConfig, runtimeReport } from '../../models';
import { decodeModeFromEnv, probeHwaccel, resolveDecodeBackend } from '../../stages/video/hwaccel';
import { ffmpegPaths, runTool } from '../../stages/video/ffmpeg';
import { parseFlags } from '../args';

export const summary = 'what this host can use: ffmpeg + hwaccels, ONNX Runtime + CUDA, cores, model cache, data dir: doctor [--data DIR]';

/** One line of the report: `ok`, `--` (optional and absent) or `!!` (required and absent). */
export interface Check {
  name: string;
  status: 'ok' | 'missing' | 'required';
  detail: string;
}

const mark = { ok: 'ok', missing: '--', required: '!!' } as const;

async function toolVersion(bin: string): Promise<string | undefined> {
  try {
    const r = await runTool(bin, ['-hide_banner', '-version']);
    return r.code === 0 ? r.stdout.split('\n')[0]?.replace(/ Copyright.*/, '') : undefined;
  } catch {
    return undefined;
  }
}

async function ffmpegChecks(): Promise<Check[]> {
  const { ffmpeg, ffprobe } = ffmpegPaths();
  const [fv, pv] = await Promise.all([toolVersion(ffmpeg), toolVersion(ffprobe)]);
  const need = (bin: string) => `${bin} not found: apt-get install -y ffmpeg, or set LVU_FFMPEG / LVU_FFPROBE`;
  const checks: Check[] = [
    { name: 'ffmpeg', status: fv ? 'ok' : 'required', detail: fv ?? need(ffmpeg) },
    { name: 'ffprobe', status: pv ? 'ok' : 'required', detail: pv ?? need(ffprobe) },
  ];
  if (!fv) return checks;
  const cap = await probeHwaccel();
  checks.push({ name: 'hwaccels', status: cap.hwaccels.length ? 'ok' : 'missing', detail: cap.hwaccels.join(', ') || 'none' });
  let decode: Check;
  try {
    const d = resolveDecodeBackend(decodeModeFromEnv(), 'h264', cap);
    decode = { name: 'decode (h264)', status: d.backend === 'nvdec' ? 'ok' : 'missing', detail: `${d.backend}: ${d.reason}` };
  } catch (err) {
    decode = { name: 'decode (h264)', status: 'required', detail: (err as Error).message };
  }
  checks.push(decode);
  return checks;
}

/**
 * The ONNX Runtime line and the CUDA provider line: first whether the provider's libraries
 * and everything they link to are here (the precise reason when not), then whether a
 * session opens with it (that needs a device). Required when LVU_EXECUTION_PROVIDER=cuda.
 */
async function cudaChecks(executionProvider: 'cpu' | 'cuda', probeModel: string | undefined): Promise<Check[]> {
  const base = await runtimeReport();
  const why = diagnoseCudaProvider(base.binaryDir, base.ortVersion);
  const rt = why === undefined ? await runtimeReport(probeModel) : base;
  const reason = why ?? rt.cudaUnavailable;
  const unusable = executionProvider === 'cuda' ? 'required' : 'missing';
  return [
    { name: 'onnxruntime', status: 'ok', detail: `${rt.ortVersion}, execution provider in use: ${executionProvider}` },
    { name: 'cuda provider', status: reason ? unusable : 'ok', detail: reason ?? `loads (${rt.binaryDir})` },
  ];
}

async function runtimeChecks(): Promise<Check[]> {
  const config = modelsConfig({ autoBuild: false });
  const models = listModels(config);
  const ready = models.filter((m) => m.status === 'ready');
  const probeModel = ready.find((m) => m.dir !== null && existsSync(resolve(m.dir, `${m.name}.onnx`)));
  const notReady = models.filter((m) => m.status !== 'ready').map((m) => `${m.name} (${m.status})`);
  return [
    ...(await cudaChecks(config.executionProvider, probeModel ? resolve(probeModel.dir as string, `${probeModel.name}.onnx`) : undefined)),
    {
      name: 'model cache',
      status: notReady.length ? 'missing' : 'ok',
      detail: `${config.modelDir}: ${ready.length} ready${notReady.length ? `; not ready: ${notReady.join(', ')} — run \`npx lvu models build\` (also automatic on first use)` : ''}`,
    },
  ];
}

function dataDirCheck(dir: string): Check {
  const path = resolve(dir);
  if (!existsSync(path))
    return { name: 'data dir', status: 'missing', detail: `${path} does not exist yet (created by \`lvu serve\` / \`lvu keys create\`)` };
  try {
    accessSync(path, constants.W_OK | constants.R_OK);
  } catch {
    return { name: 'data dir', status: 'required', detail: `${path} is not readable and writable by this user` };
  }
  const mode = statSync(path).mode & 0o777;
  const open = mode & 0o077 ? `; mode ${mode.toString(8)} lets other users read it (expected 700)` : '';
  return { name: 'data dir', status: open ? 'missing' : 'ok', detail: `${path}, mode ${mode.toString(8)}${open}` };
}

function pythonCheck(): Check {
  const py = process.env['LVU_PYTHON'] || '/usr/bin/python3';
  const r = spawnSync(py, ['-c', 'import torch, onnx; print(torch.__version__)'], { encoding: 'utf8' });
  if (r.status === 0) return { name: 'torch (training)', status: 'ok', detail: `${py}: torch ${r.stdout.trim()}` };
  return {
    name: 'torch (training)',
    status: 'missing',
    detail: `${py} has no torch/onnx: apt-get install -y python3-torch python3-onnx (only for training the transformer)`,
  };
}

/** Runs every check; exported for the test. */
export async function doctorChecks(dataDir: string): Promise<Check[]> {
  const cores: Check = {
    name: 'cores',
    status: 'ok',
    detail: `${availableParallelism()} cores, ${(totalmem() / 2 ** 30).toFixed(1)} GiB memory`,
  };
  return [...(await ffmpegChecks()), ...(await runtimeChecks()), cores, dataDirCheck(dataDir), pythonCheck()];
}

export async function run(argv: string[]): Promise<number> {
  const { values } = parseFlags(argv, { data: { type: 'string' }, help: { type: 'boolean', short: 'h' } });
  if (values.help) {
    process.stdout.write('usage: lvu doctor [--data DIR]   (DIR default: $LVU_DATA_DIR or ./lvu-data)\n');
    return 0;
  }
  const checks = await doctorChecks(String(values.data ?? process.env['LVU_DATA_DIR'] ?? 'lvu-data'));
  for (const c of checks) process.stdout.write(`${mark[c.status]}  ${c.name.padEnd(17)} ${c.detail}\n`);
  return checks.some((c) => c.status === 'required') ? 1 : 0;
}
