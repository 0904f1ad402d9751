import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from '../helpers/data';

/** Where the Python training code lives; scripts import the `lvu_ot` package from here. */
export const TRAINING_DIR = join(REPO_ROOT, 'training');

/**
 * Finds a Python interpreter that can `import torch`: `$LVU_PYTHON`, then Debian's
 * `/usr/bin/python3` (python3-torch), then `python3` on PATH. Returns null when none can,
 * with the reason in `why` so a skipped test can say it clearly.
 */
export function findTorchPython(env: NodeJS.ProcessEnv = process.env): { python: string | null; why: string } {
  const candidates = [env['LVU_PYTHON'], '/usr/bin/python3', 'python3'].filter((c): c is string => !!c);
  for (const python of candidates) {
    const r = spawnSync(python, ['-c', 'import torch'], { encoding: 'utf8', timeout: 60_000 });
    if (r.status === 0) return { python, why: '' };
  }
  return {
    python: null,
    why: `no python with torch among ${candidates.join(', ')} (install: apt-get install -y python3-torch python3-onnx, or set LVU_PYTHON)`,
  };
}

/** Runs a Python script from `training/` with the given args; throws with stderr on failure. */
export function runPython(python: string, script: string, args: string[], timeoutMs = 600_000): string {
  const r = spawnSync(python, [join(TRAINING_DIR, script), ...args], {
    encoding: 'utf8',
    timeout: timeoutMs,
    cwd: TRAINING_DIR,
    env: { ...process.env, OMP_NUM_THREADS: '1', PYTHONDONTWRITEBYTECODE: '1' },
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.status !== 0) throw new Error(`${script} exited ${r.status ?? r.signal}: ${r.stderr}`);
  return r.stdout;
}
