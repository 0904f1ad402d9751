import { spawn, type ChildProcess } from 'node:child_process';
import type { Logger } from '../core/log';

/** Pause before restarting a worker that died, so a crash loop does not spin. */
const RESTART_DELAY_MS = 1000;

export interface SupervisorOptions {
  count: number;
  /** Executable and arguments of one worker process (e.g. node bin/lvu.mjs worker …). */
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  /** Called with (slot, pid) whenever a worker process starts. */
  onStart?: (slot: number, pid: number) => void;
  log: Logger;
  /** How long `stop()` waits for draining workers before killing them. */
  stopTimeoutMs: number;
}

export interface Supervisor {
  pids(): number[];
  stop(): Promise<void>;
}

/**
 * Keeps `count` worker processes running (what ECS does on AWS): a worker that exits while
 * the supervisor is running is restarted after a short pause. `stop()` sends SIGTERM (the
 * workers drain), waits, then SIGKILLs stragglers. Worker output goes to our stderr. If the
 * supervisor itself is killed, the workers notice their IPC channel closing and exit.
 */
export function superviseWorkers(options: SupervisorOptions): Supervisor {
  const children = new Map<number, ChildProcess>();
  let stopping = false;
  const start = (slot: number) => {
    // The IPC channel is the worker's lifeline: it closes when this process dies, however it
    // dies (SIGKILL included), and the worker then stops (see stopWithSupervisor).
    const child = spawn(options.command, options.args, { env: options.env ?? process.env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    children.set(slot, child);
    if (child.pid !== undefined) options.onStart?.(slot, child.pid);
    child.once('exit', (code, signal) => {
      if (children.get(slot) === child) children.delete(slot);
      if (stopping) return;
      options.log.warn(`worker ${slot} (pid ${child.pid}) exited (${signal ?? code}); restarting`, {
        slot,
        pid: child.pid,
        exit: signal ?? code,
      });
      setTimeout(() => !stopping && start(slot), RESTART_DELAY_MS).unref();
    });
  };
  for (let slot = 1; slot <= options.count; slot++) start(slot);
  return {
    pids: () => [...children.values()].map((c) => c.pid).filter((p): p is number => p !== undefined),
    stop: async () => {
      stopping = true;
      const running = [...children.values()];
      await Promise.all(running.map((child) => stopChild(child, options.stopTimeoutMs)));
    },
  };
}

async function stopChild(child: ChildProcess, timeoutMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  await exited;
  clearTimeout(timer);
}
