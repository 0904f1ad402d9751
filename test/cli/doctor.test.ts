import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CUDA_PROVIDER_LIBS,
  declaresString,
  diagnoseCudaProvider,
  hostLibraryProbe,
  type LibraryProbe,
  parseLddMissing,
} from '../../gpu-workers/cuda-ep';
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

  it('without the CUDA provider libraries, the line names them and where they should be; required when LVU_EXECUTION_PROVIDER=cuda', async () => {
    // Act
    const { code, stdout } = await runLvu(['doctor', '--data', dir], { env: { LVU_EXECUTION_PROVIDER: 'cuda' } });
    // Assess: the repository's onnxruntime-node has no provider (its install script is denied)
    expect(stdout).toMatch(/^ok {2}onnxruntime +\S+, execution provider in use: cuda$/m);
    expect(stdout).toMatch(
      /^(ok {2}cuda provider +loads|!! {2}cuda provider +libonnxruntime_providers_cuda\.so and libonnxruntime_providers_shared\.so not found next to the binding in \S+napi-v\d+\/linux\/x64 \(the worker image installs them)/m,
    );
    expect(code).toBe(/^!! {2}cuda provider/m.test(stdout) ? 1 : 0);
  });
});

describe('diagnoseCudaProvider: why the CUDA execution provider cannot load', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lvu-cuda-ep-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  /** A binding folder holding fake provider libraries that declare `version`. */
  async function bindingDir(name: string, version: string, libs: readonly string[] = CUDA_PROVIDER_LIBS): Promise<string> {
    const d = join(dir, name);
    await mkdir(d);
    for (const lib of libs) await writeFile(join(d, lib), Buffer.from(`\x7fELF\0${version}\0rest`));
    return d;
  }
  const probe = (missingLinks: string[] | undefined, libraries: string[] = ['libcudnn.so.9']): LibraryProbe => ({
    missingLinks: () => missingLinks,
    hasLibrary: (soname) => libraries.includes(soname),
  });

  it('no binding folder: said so', () => {
    expect(diagnoseCudaProvider(undefined, '1.29.0', probe([]))).toBe("onnxruntime-node's native binaries were not found");
  });

  it('a missing provider library is named with the folder it should be in', async () => {
    // Prepare
    const d = await bindingDir('shared-only', '1.29.0', ['libonnxruntime_providers_shared.so']);
    // Act
    const why = diagnoseCudaProvider(d, '1.29.0', probe([]));
    // Assess
    expect(why).toBe(
      `libonnxruntime_providers_cuda.so not found next to the binding in ${d} (the worker image installs them: gpu-workers/cuda-ep.sh)`,
    );
  });

  it('a provider from another ONNX Runtime release than the binding is refused', async () => {
    // Prepare
    const d = await bindingDir('skew', '1.29.0');
    // Act
    const why = diagnoseCudaProvider(d, '1.30.0', probe([]));
    // Assess
    expect(why).toMatch(/^libonnxruntime_providers_cuda\.so found, but it is not from ONNX Runtime 1\.30\.0, the version of the binding/);
  });

  it.each([
    ['a CUDA library', ['libcudart.so.13'], ['libcudnn.so.9'], 'found, but missing: libcudart.so.13'],
    ['the driver', ['libcuda.so.1'], ['libcudnn.so.9'], 'found, but missing: libcuda.so.1 (the NVIDIA driver: no GPU driver on this host)'],
    ['cuDNN, which is dlopened', [], [], 'found, but missing: libcudnn.so.9 (cuDNN 9, loaded at run time)'],
    [
      'several',
      ['libcublas.so.13', 'libcuda.so.1'],
      [],
      'found, but missing: libcublas.so.13, libcuda.so.1 (the NVIDIA driver: no GPU driver on this host), libcudnn.so.9 (cuDNN 9, loaded at run time)',
    ],
  ])('found, but %s missing: named', async (name, links, libraries, expected) => {
    // Prepare
    const d = await bindingDir(`links-${name.replace(/\W+/g, '-')}`, '1.29.0');
    // Act
    const why = diagnoseCudaProvider(d, '1.29.0', probe(links, libraries));
    // Assess
    expect(why).toBe(`libonnxruntime_providers_cuda.so ${expected}`);
  });

  it('everything in place: no reason (a session still has to open, which needs a device)', async () => {
    const d = await bindingDir('complete', '1.29.0');
    expect(diagnoseCudaProvider(d, '1.29.0', probe([]))).toBeUndefined();
  });

  it('ldd that cannot list the libraries is said so', async () => {
    const d = await bindingDir('no-ldd', '1.29.0');
    expect(diagnoseCudaProvider(d, '1.29.0', probe(undefined))).toMatch(/its libraries could not be listed/);
  });

  it('parses ldd output and runs ldd on this host (node resolves every library; a text file is not a library)', async () => {
    // Prepare
    const lddOutput =
      '\tlinux-vdso.so.1 (0x00007ffd)\n\tlibcublasLt.so.13 => not found\n\tlibm.so.6 => /lib/x86_64-linux-gnu/libm.so.6 (0x7f)\n\tlibcuda.so.1 => not found\n';
    const text = join(dir, 'not-a-library.txt');
    await writeFile(text, 'hello');
    // Act + Assess
    expect(parseLddMissing(lddOutput)).toEqual(['libcublasLt.so.13', 'libcuda.so.1']);
    expect(hostLibraryProbe.missingLinks(process.execPath)).toEqual([]);
    expect(hostLibraryProbe.missingLinks(text)).toBeUndefined();
    expect(hostLibraryProbe.hasLibrary('libc.so.6')).toBe(true);
    expect(hostLibraryProbe.hasLibrary('libnot-a-library.so.99')).toBe(false);
  });

  it('finds a version string across the 8 MiB read boundary, and only as a whole NUL-terminated string', async () => {
    // Prepare: "\01.29.0\0" straddles the first 8 MiB chunk; "11.29.01" is no match
    const buf = Buffer.alloc((8 << 20) + 64, 0x41);
    buf.write('\x001.29.0\x00', (8 << 20) - 4, 'latin1');
    buf.write('\x0011.29.01\x00', 10, 'latin1');
    const file = join(dir, 'big.so');
    await writeFile(file, buf);
    // Act + Assess
    expect(declaresString(file, '1.29.0')).toBe(true);
    expect(declaresString(file, '1.29.01')).toBe(false);
    expect(declaresString(file, '1.30.0')).toBe(false);
  });
});
