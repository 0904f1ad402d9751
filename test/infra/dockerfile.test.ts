import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../infra/paths';

// Docker has no engine here, so the image cannot be built in tests. These checks stand in
// for a linter (hadolint is not installed): structure, pinning, and the contract with the
// CDK stack (entrypoint, signals, GPU capabilities).

interface Instruction {
  op: string;
  args: string;
  line: number;
}

/** Parses a Dockerfile into instructions (continuations joined, comments dropped). */
function parseDockerfile(text: string): Instruction[] {
  const out: Instruction[] = [];
  let pending = '';
  let start = 0;
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (!pending && (line === '' || line.startsWith('#'))) return;
    if (!pending) start = i + 1;
    pending += (pending ? ' ' : '') + line.replace(/\\$/, '').trim();
    if (line.endsWith('\\')) return;
    const [op = '', ...rest] = pending.split(/\s+/);
    out.push({ op: op.toUpperCase(), args: rest.join(' '), line: start });
    pending = '';
  });
  return out;
}

const dockerfile = readFileSync(join(REPO_ROOT, 'gpu-workers/Dockerfile'), 'utf8');
const instructions = parseDockerfile(dockerfile);
const ops = (op: string) => instructions.filter((i) => i.op === op);
const argDefaults = Object.fromEntries(ops('ARG').map((a) => a.args.split('=') as [string, string]));
/** Instructions of the final stage (after the last FROM). */
const finalStage = instructions.slice(instructions.map((i) => i.op).lastIndexOf('FROM'));

describe('gpu-workers/Dockerfile', () => {
  it('uses only known instructions', () => {
    const known = [
      'FROM',
      'ARG',
      'ENV',
      'WORKDIR',
      'COPY',
      'RUN',
      'USER',
      'ENTRYPOINT',
      'CMD',
      'LABEL',
      'EXPOSE',
      'HEALTHCHECK',
      'STOPSIGNAL',
    ];
    expect(instructions.filter((i) => !known.includes(i.op))).toEqual([]);
  });

  it('pins every base image to a tag (no implicit or explicit latest)', () => {
    for (const from of ops('FROM')) {
      const image = from.args.split(/\s+/)[0]!.replace(/^\$\{(\w+)\}$/, (_, name: string) => argDefaults[name] ?? '');
      if (/^(build|node)$/.test(image)) continue; // earlier stages
      expect(image, `line ${from.line}`).toMatch(/^[\w./-]+:[\w.-]+$/);
      expect(image).not.toMatch(/:latest$/);
    }
  });

  it('runs on a CUDA runtime base with Node 20', () => {
    expect(argDefaults['CUDA_IMAGE']).toMatch(/^nvidia\/cuda:12\.[\d.]+-(cudnn-)?runtime-ubuntu[\d.]+$/);
    expect(argDefaults['NODE_IMAGE']).toMatch(/^node:20[\d.]*-/);
    expect(finalStage[0]?.args).toMatch(/^\$\{CUDA_IMAGE\}/);
    expect(finalStage.some((i) => i.op === 'COPY' && /--from=node .*\/bin\/node/.test(i.args))).toBe(true);
  });

  it('installs ffmpeg without recommends and cleans the apt lists in the same layer', () => {
    const apt = finalStage.filter((i) => i.op === 'RUN' && i.args.includes('apt-get install'));
    expect(apt).toHaveLength(1);
    expect(apt[0]!.args).toMatch(/--no-install-recommends/);
    expect(apt[0]!.args).toMatch(/\bffmpeg\b/);
    expect(apt[0]!.args).toMatch(/apt-get update/);
    expect(apt[0]!.args).toMatch(/rm -rf \/var\/lib\/apt\/lists/);
  });

  it('exposes the video capability of the driver, which NVDEC needs', () => {
    const env = finalStage
      .filter((i) => i.op === 'ENV')
      .map((i) => i.args)
      .join(' ');
    expect(env).toMatch(/NVIDIA_DRIVER_CAPABILITIES=\S*video/);
  });

  it('bakes the converted models in at build time and keeps them in the runtime image', () => {
    expect(ops('RUN').some((i) => /npx lvu models build/.test(i.args))).toBe(true);
    expect(finalStage.some((i) => i.op === 'COPY' && /--from=build .*\/opt\/lvu\/models/.test(i.args))).toBe(true);
    expect(ops('ENV').some((i) => /LVU_MODEL_DIR=\/opt\/lvu\/models/.test(i.args))).toBe(true);
  });

  it('installs onnxruntime-node with its CUDA 12 provider (its postinstall is denied in allowScripts for offline dev machines)', () => {
    const install = ops('RUN').find((i) => /npm ci/.test(i.args));
    expect(install?.args).toMatch(/ONNXRUNTIME_NODE_INSTALL=cuda12 node node_modules\/onnxruntime-node\/script\/install\.js/);
    expect(install?.args).toMatch(/test -f \$ORT_BIN\/libonnxruntime_providers_cuda\.so\s*$/);
  });

  it('runs the worker as a non-root user under an init that forwards SIGTERM', () => {
    const user = finalStage.filter((i) => i.op === 'USER');
    expect(user.at(-1)?.args).not.toMatch(/^(root|0)(:|$)/);
    const entry = ops('ENTRYPOINT');
    expect(entry).toHaveLength(1);
    expect(JSON.parse(entry[0]!.args)).toEqual(['/usr/bin/tini', '--', 'node', 'bin/lvu.mjs', 'worker']);
    expect(finalStage.findIndex((i) => i.op === 'USER')).toBeLessThan(finalStage.findIndex((i) => i.op === 'ENTRYPOINT'));
  });

  it('copies only files that exist in the repository', () => {
    for (const copy of ops('COPY').filter((i) => !i.args.includes('--from='))) {
      const sources = copy.args
        .split(/\s+/)
        .filter((a) => !a.startsWith('--'))
        .slice(0, -1);
      for (const src of sources.filter((s) => s !== '.')) expect(existsSync(join(REPO_ROOT, src)), src).toBe(true);
    }
  });

  it('keeps dependencies, VCS data and build outputs out of the build context', () => {
    const ignored = readFileSync(join(REPO_ROOT, '.dockerignore'), 'utf8')
      .split('\n')
      .map((l) => l.trim());
    for (const path of ['node_modules', '.git', 'cdk.out', '.lvu']) expect(ignored).toContain(path);
  });

  it('has an entrypoint that runs on the host: `node bin/lvu.mjs worker` loads and checks its flags', () => {
    // A bad --queue stops at option parsing, before any storage is opened.
    const run = spawnSync(process.execPath, ['bin/lvu.mjs', 'worker', '--queue', 'bogus'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/VALIDATION_FAILED.*queue/);
  });
});
