import { readdir, readFile, readlink } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { removeDir, startServe, tempDir, type ServeHandle } from './helpers/serve';

/**
 * How long orphaned workers may take to notice and exit: their long poll is 1 s (FAST_ENV)
 * and they exit within ~2 s on a quiet machine; the bound is wide for a loaded one (the
 * old behaviour never exits at all).
 */
const ORPHAN_EXIT_MS = 30_000;

/**
 * True while `pid` is a live `lvu worker` process (a zombie, or a pid reused by another
 * program, does not count).
 */
async function isLiveWorker(pid: number): Promise<boolean> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    // Field 3, after the parenthesised command name, is the state; Z = exited, not reaped.
    if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) return false;
    const cmdline = (await readFile(`/proc/${pid}/cmdline`, 'utf8')).split('\0');
    return cmdline.includes('worker');
  } catch {
    return false;
  }
}

/** True once `pid` holds `file` open (a worker that got as far as opening the database). */
async function holdsOpen(pid: number, file: string): Promise<boolean> {
  const fds = await readdir(`/proc/${pid}/fd`).catch(() => [] as string[]);
  const targets = await Promise.all(fds.map((fd) => readlink(`/proc/${pid}/fd/${fd}`).catch(() => '')));
  return targets.includes(file);
}

async function waitUntil(check: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await sleep(100);
  }
  return check();
}

describe('fault: `lvu serve` killed with SIGKILL', () => {
  let serve: ServeHandle | undefined;
  let dir: string | undefined;
  const started: number[] = [];
  afterAll(async () => {
    // Only the processes this test started, by pid.
    for (const pid of started) if (await isLiveWorker(pid)) process.kill(pid, 'SIGKILL');
    if (serve && serve.process.exitCode === null && serve.process.signalCode === null) serve.process.kill('SIGKILL');
    if (dir) await removeDir(dir);
  });

  it('takes its worker processes with it (they exit instead of polling on as orphans)', async () => {
    // Prepare: serve with two workers, both up.
    dir = await tempDir('orphans');
    serve = await startServe({ dataDir: `${dir}/data`, workers: 2 });
    expect(await waitUntil(async () => serve!.workerPids().size === 2, 30_000)).toBe(true);
    started.push(...serve.workerPids().values());
    // Running (they opened the database), not crashed at start-up.
    const db = `${dir}/data/lvu.db`;
    expect(await waitUntil(async () => (await Promise.all(started.map((pid) => holdsOpen(pid, db)))).every(Boolean), 30_000)).toBe(true);
    for (const pid of started) expect(await isLiveWorker(pid)).toBe(true);
    // Act
    const exited = new Promise<void>((resolve) => serve!.process.once('exit', () => resolve()));
    serve.process.kill('SIGKILL');
    await exited;
    // Assess
    const allGone = await waitUntil(async () => (await Promise.all(started.map(isLiveWorker))).every((live) => !live), ORPHAN_EXIT_MS);
    expect(allGone).toBe(true);
  });
});
