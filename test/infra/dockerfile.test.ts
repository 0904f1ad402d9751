import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
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
const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { allowScripts: Record<string, boolean> };

/** gpu-workers/cuda-ep.sh's pins (its `NAME=value` lines) and gpu-workers/cuda-ep.sha256. */
const cudaEp = (() => {
  const script = readFileSync(join(REPO_ROOT, 'gpu-workers/cuda-ep.sh'), 'utf8');
  const vars = Object.fromEntries([...script.matchAll(/^([A-Z_]+)=(\S+)$/gm)].map((m) => [m[1]!, m[2]!]));
  const sha256 = Object.fromEntries(
    readFileSync(join(REPO_ROOT, 'gpu-workers/cuda-ep.sha256'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => line.split(/\s+/).reverse() as [string, string]),
  );
  return { script, vars, sha256 };
})();
/** Where `cuda-ep.sh inspect` keeps the tarballs (~180 MB once). */
const cacheDir = join(process.env['XDG_CACHE_HOME'] || join(homedir(), '.cache'), 'lvu', 'cuda-ep');
const registryOrCache =
  Object.keys(cudaEp.sha256).every((f) => existsSync(join(cacheDir, f))) ||
  spawnSync('npm', ['ping'], { encoding: 'utf8', timeout: 20_000 }).status === 0;

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

  it('runs on a CUDA runtime base with cuDNN and Node 20', () => {
    expect(argDefaults['CUDA_IMAGE']).toMatch(/^nvidia\/cuda:[\d.]+-cudnn-runtime-ubuntu[\d.]+$/);
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

  it('runs npm ci with the onnxruntime-node install script skipped: no download from outside the npm registry', () => {
    const install = ops('RUN').find((i) => /npm ci/.test(i.args));
    expect(install?.args).toMatch(/ONNXRUNTIME_NODE_INSTALL=skip npm ci/);
    const runs = ops('RUN')
      .map((i) => i.args)
      .join('\n');
    expect(runs).not.toMatch(/ONNXRUNTIME_NODE_INSTALL=cuda/);
    expect(runs).not.toMatch(/onnxruntime-node\/script\/install/);
    expect(`${runs}\n${cudaEp.script}`).not.toMatch(/\b(curl|wget)\b|nuget\.org|https?:/i);
    expect(pkg.allowScripts['onnxruntime-node']).toBe(false);
  });

  it('pins the CUDA provider, onnxruntime-node and onnxruntime-common by version and sha256', () => {
    expect(cudaEp.vars).toMatchObject({
      EP_PACKAGE: 'com.github.asus4.onnxruntime.linux-x64-gpu@0.4.9',
      ORT_NODE: 'onnxruntime-node@1.29.0',
      ORT_COMMON: 'onnxruntime-common@1.29.0',
    });
    const pinned = ['EP_PACKAGE', 'ORT_NODE', 'ORT_COMMON'].map((k) => `${cudaEp.vars[k]!.replace('@', '-')}.tgz`);
    expect(Object.keys(cudaEp.sha256).sort()).toEqual(pinned.sort());
    expect(cudaEp.sha256['com.github.asus4.onnxruntime.linux-x64-gpu-0.4.9.tgz']).toBe(
      '2b459e0c17f340c92970c10ed86de4f37a3009f93c14053e6ad4334cbb6be412',
    );
    for (const hash of Object.values(cudaEp.sha256)) expect(hash).toMatch(/^[0-9a-f]{64}$/);
    // Every tarball is fetched from the registry and checked before anything is unpacked.
    expect(cudaEp.script).toMatch(/npm pack --silent "\$pkg"/);
    expect(cudaEp.script).toMatch(/sha256sum -c "\$HERE\/cuda-ep\.sha256"/);
  });

  it('runs onnxruntime-node of the same ONNX Runtime version as the provider (an ORT provider must match its core)', () => {
    expect(cudaEp.vars['ORT_NODE']).toBe(`onnxruntime-node@${cudaEp.vars['ORT_VERSION']}`);
    expect(cudaEp.vars['ORT_COMMON']).toBe(`onnxruntime-common@${cudaEp.vars['ORT_VERSION']}`);
    expect(cudaEp.script).toMatch(/\[ "\$got" = "\$ORT_VERSION" \] \|\| fail/);
  });

  it('fetches and installs the provider after the prune, and checks its libraries in the runtime image', () => {
    const runs = ops('RUN');
    const prune = runs.findIndex((i) => /npm prune/.test(i.args));
    const ep = runs.findIndex((i) => /cuda-ep\.sh fetch/.test(i.args));
    expect(prune).toBeGreaterThanOrEqual(0);
    expect(ep).toBeGreaterThan(prune);
    expect(runs[ep]!.args).toMatch(/cuda-ep\.sh fetch (\S+) && sh gpu-workers\/cuda-ep\.sh install \1 \/app/);
    expect(finalStage.some((i) => i.op === 'RUN' && /cuda-ep\.sh check-runtime \/app/.test(i.args))).toBe(true);
  });

  it("uses a base image whose CUDA major is the provider's", () => {
    const major = /^nvidia\/cuda:(\d+)\./.exec(argDefaults['CUDA_IMAGE'] ?? '')?.[1];
    expect(major).toBe(cudaEp.vars['CUDA_MAJOR']);
    expect(cudaEp.script).toMatch(/"libcudart\.so\.\$CUDA_MAJOR" "libcublas\.so\.\$CUDA_MAJOR"/);
  });

  it.skipIf(!registryOrCache)(
    `the pinned provider links CUDA ${cudaEp.vars['CUDA_MAJOR']} and is the ONNX Runtime that onnxruntime-node@${cudaEp.vars['ORT_VERSION']} is (readelf on the tarballs; skipped without the npm registry and without the tarballs in ~/.cache/lvu/cuda-ep)`,
    () => {
      // Act: npm pack (cached), sha256sum -c, readelf -d, version strings
      const run = spawnSync('sh', ['gpu-workers/cuda-ep.sh', 'inspect', cacheDir], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 240_000 });
      // Assess
      expect(run.status, run.stderr).toBe(0);
      expect(run.stdout).toMatch(/com\.github\.asus4\.onnxruntime\.linux-x64-gpu-0\.4\.9\.tgz: OK/);
      expect(run.stdout).toMatch(/NEEDED .*libcublas\.so\.13 .*libcudart\.so\.13 /);
      expect(run.stdout).toMatch(/onnxruntime-node@1\.29\.0's core is ONNX Runtime 1\.29\.0/);
    },
    300_000,
  );

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
