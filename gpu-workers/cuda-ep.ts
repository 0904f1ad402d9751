/**
 * Why ONNX Runtime's CUDA execution provider can or cannot load on this host, for
 * `lvu doctor`: the provider libraries must lie next to onnxruntime-node's binding, come
 * from the same ONNX Runtime release as its core, and find the CUDA libraries they link
 * to, the NVIDIA driver's libcuda.so.1 and cuDNN (which the provider loads at run time).
 * The worker image installs all of it (`gpu-workers/cuda-ep.sh`); elsewhere lvu runs on
 * the CPU. Opening a session, which also needs a device, is `runtimeReport`'s part.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';

/** The provider libraries ONNX Runtime looks for next to its core library. */
export const CUDA_PROVIDER_LIBS = ['libonnxruntime_providers_cuda.so', 'libonnxruntime_providers_shared.so'] as const;
/** cuDNN's soname, which the CUDA provider dlopens (it is not in its NEEDED list). */
export const CUDNN_SONAME = 'libcudnn.so.9';
/** The NVIDIA driver's library, mounted from the host by the NVIDIA container runtime. */
const DRIVER_SONAME = 'libcuda.so.1';

/** How the diagnosis looks at this host's libraries; replaceable in tests. */
export interface LibraryProbe {
  /** Sonames a shared library links to that the loader cannot find; undefined when it cannot tell. */
  missingLinks(path: string): string[] | undefined;
  /** Whether the loader would find a library by soname (for those loaded with dlopen). */
  hasLibrary(soname: string): boolean;
}

/**
 * Lists the `NAME => not found` lines of `ldd` output.
 *
 * @example parseLddMissing('\tlibcudart.so.13 => not found\n') // ['libcudart.so.13']
 */
export function parseLddMissing(lddOutput: string): string[] {
  return [...lddOutput.matchAll(/^\s*(\S+) => not found\s*$/gm)].map((m) => m[1]!);
}

/** The host's loader, asked through `ldd` and `ldconfig -p` (plus LD_LIBRARY_PATH). */
export const hostLibraryProbe: LibraryProbe = {
  missingLinks(path) {
    const r = spawnSync('ldd', [path], { encoding: 'utf8', timeout: 30_000 });
    return r.status === 0 ? parseLddMissing(r.stdout) : undefined;
  },
  hasLibrary(soname) {
    const dirs = (process.env['LD_LIBRARY_PATH'] ?? '').split(':').filter(Boolean);
    if (dirs.some((d) => existsSync(join(d, soname)))) return true;
    const r = spawnSync('ldconfig', ['-p'], { encoding: 'utf8', timeout: 30_000 });
    return r.status === 0 && new RegExp(`^\\s*${soname.replace(/\./g, '\\.')} `, 'm').test(r.stdout);
  },
};

/** Whether a binary holds `text` as a NUL-terminated string (ORT embeds its version so). */
export function declaresString(path: string, text: string): boolean {
  const needle = Buffer.from(`\0${text}\0`);
  const chunk = Buffer.alloc(8 << 20);
  const fd = openSync(path, 'r');
  try {
    let carry = Buffer.alloc(0);
    for (let n = readSync(fd, chunk); n > 0; n = readSync(fd, chunk)) {
      const window = Buffer.concat([carry, chunk.subarray(0, n)]);
      if (window.includes(needle)) return true;
      carry = window.subarray(Math.max(0, window.length - needle.length + 1));
    }
    return false;
  } finally {
    closeSync(fd);
  }
}

function describeMissing(missing: string[]): string {
  return missing
    .map((so) => {
      if (so === DRIVER_SONAME) return `${so} (the NVIDIA driver: no GPU driver on this host)`;
      if (so === CUDNN_SONAME) return `${so} (cuDNN 9, loaded at run time)`;
      return so;
    })
    .join(', ');
}

/**
 * Says why the CUDA execution provider cannot load here, or undefined when every library
 * it needs is in place. `binaryDir` is onnxruntime-node's native folder, `ortVersion` the
 * version of its core library.
 *
 * @example diagnoseCudaProvider('/app/node_modules/onnxruntime-node/bin/napi-v6/linux/x64', '1.29.0')
 */
export function diagnoseCudaProvider(
  binaryDir: string | undefined,
  ortVersion: string,
  probe: LibraryProbe = hostLibraryProbe,
): string | undefined {
  if (!binaryDir) return "onnxruntime-node's native binaries were not found";
  const absent = CUDA_PROVIDER_LIBS.filter((lib) => !existsSync(join(binaryDir, lib)));
  if (absent.length)
    return `${absent.join(' and ')} not found next to the binding in ${binaryDir} (the worker image installs them: gpu-workers/cuda-ep.sh)`;
  const provider = join(binaryDir, CUDA_PROVIDER_LIBS[0]);
  if (!declaresString(provider, ortVersion))
    return `${CUDA_PROVIDER_LIBS[0]} found, but it is not from ONNX Runtime ${ortVersion}, the version of the binding (a provider must come from the same release as the core that loads it)`;
  const linked = probe.missingLinks(provider);
  if (!linked) return `${CUDA_PROVIDER_LIBS[0]} found, but its libraries could not be listed (ldd failed or is not installed)`;
  const missing = [...linked, ...(probe.hasLibrary(CUDNN_SONAME) ? [] : [CUDNN_SONAME])];
  if (missing.length) return `${CUDA_PROVIDER_LIBS[0]} found, but missing: ${describeMissing(missing)}`;
  return undefined;
}
