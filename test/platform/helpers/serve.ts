import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { REPO_ROOT } from '../../helpers/data';

const run = promisify(execFile);
export const LVU_BIN = path.join(REPO_ROOT, 'bin', 'lvu.mjs');

/** A `lvu serve` child process on 127.0.0.1 with a random port. */
export interface ServeHandle {
  url: string;
  dataDir: string;
  process: ChildProcess;
  /** Everything the process wrote to stderr so far (worker logs included). */
  stderr: () => string;
  /** Worker pids announced on stdout (`worker N pid P`), latest per slot. */
  workerPids: () => Map<number, number>;
  stop: () => Promise<void>;
}

/** Settings that make tests fast: short leases, quick retries, quick dead-letter checks. */
export const FAST_ENV = {
  LVU_VISIBILITY_SEC: '4',
  LVU_WAIT_SEC: '1',
  LVU_RETRY_BACKOFF_SEC: '1',
  LVU_DEAD_LETTER_EVERY_SEC: '0.5',
  LVU_DRAIN_SEC: '5',
};

/** A fresh temp dir (caller removes it). */
export function tempDir(label: string): Promise<string> {
  return mkdtemp(path.join(tmpdir(), `lvu-${label}-`));
}

/**
 * Starts `lvu serve --port 0 --host 127.0.0.1 --data DIR --workers N` and resolves once its
 * first stdout line (`listening on http://…`) arrived.
 */
export async function startServe(options: { dataDir: string; workers: number; env?: Record<string, string> }): Promise<ServeHandle> {
  const args = [LVU_BIN, 'serve', '--port', '0', '--host', '127.0.0.1', '--data', options.dataDir, '--workers', String(options.workers)];
  const child = spawn(process.execPath, args, {
    cwd: REPO_ROOT,
    env: { ...process.env, ...FAST_ENV, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const pids = new Map<number, number>();
  const lines = createInterface({ input: child.stdout! });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start:\n${err}`)), 30_000);
    lines.on('line', (line) => {
      const listening = /^listening on (http:\/\/\S+)$/.exec(line);
      if (listening) {
        clearTimeout(timer);
        resolve(listening[1]!);
      }
      const worker = /^worker (\d+) pid (\d+)$/.exec(line);
      if (worker) pids.set(Number(worker[1]), Number(worker[2]));
    });
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}:\n${err}`)));
  });
  return {
    url,
    dataDir: options.dataDir,
    process: child,
    stderr: () => err,
    workerPids: () => pids,
    stop: () => stopProcess(child),
  };
}

/** Starts a standalone `lvu worker` on a data dir; its stderr is collected. */
export function startWorker(dataDir: string, env: Record<string, string> = {}): { process: ChildProcess; stderr: () => string } {
  const child = spawn(process.execPath, [LVU_BIN, 'worker', '--queue', 'all', '--data', dataDir], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...FAST_ENV, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  return { process: child, stderr: () => err };
}

/** SIGTERM, then SIGKILL after 20 s; resolves when the process is gone. */
export async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  await exited;
  clearTimeout(timer);
}

/** `lvu keys create --tenant T --data DIR` → the key printed on stdout. */
export async function createKey(dataDir: string, tenant: string): Promise<string> {
  const { stdout } = await run(process.execPath, [LVU_BIN, 'keys', 'create', '--tenant', tenant, '--data', dataDir], { cwd: REPO_ROOT });
  return stdout.trim();
}

/** `lvu analyze FILE --out DIR` (the lead's CLI) → parsed shots.json. */
export async function analyzeWithCli(file: string, outDir: string): Promise<unknown> {
  await run(process.execPath, [LVU_BIN, 'analyze', file, '--out', outDir, '--stages', 'shots'], { cwd: REPO_ROOT });
  const { readFile } = await import('node:fs/promises');
  return JSON.parse(await readFile(path.join(outDir, 'shots.json'), 'utf8')) as unknown;
}

/** Removes a temp dir, ignoring errors (a process may still hold a file briefly). */
export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true }).catch(() => undefined);
}
