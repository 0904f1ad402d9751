import { mkdir } from 'node:fs/promises';
import type { PlatformDeps, StageFunctions } from '../core/jobs/deps';
import { handleDeadTask } from '../core/jobs/outcomes';
import type { LogFields } from '../core/log';
import type { ReceivedMessage, WorkQueue } from '../core/ports/work-queue';
import { executeDelivery, type ExecutionSettings } from './task-execution';

export type QueueName = 'cpu' | 'gpu';

export interface WorkerOptions extends ExecutionSettings {
  deps: PlatformDeps;
  stages: StageFunctions;
  /** Queues to take tasks from, in priority order (CPU first: probe and merge unblock GPU work). */
  queues: QueueName[];
  /** Long-poll wait per receive (SQS allows up to 20 s). */
  waitSec: number;
  /** How long SIGTERM lets a running task finish before it is released to another worker. */
  drainSec: number;
  /** How often the dead-letter queues are checked for tasks that exhausted their attempts. */
  deadLetterEverySec: number;
}

/**
 * The worker process's loop: takes one task at a time from its queues (long polling), runs
 * it with a heartbeat, and between tasks turns dead-lettered tasks into failed videos.
 * `stop('drain')` (SIGTERM) stops taking tasks and gives the running one `drainSec` to
 * finish before releasing it; `stop('now')` releases it at once.
 *
 * @example
 *   const worker = new Worker(options);
 *   process.on('SIGTERM', () => worker.stop('drain'));
 *   await worker.run();
 */
export class Worker {
  private readonly stopTaking = new AbortController();
  private readonly abortRunning = new AbortController();
  private lastDeadLetterCheck = 0;
  private drainTimer: NodeJS.Timeout | undefined;

  constructor(private readonly options: WorkerOptions) {}

  /** Runs until stopped; resolves once the running task has finished or been released. */
  async run(): Promise<void> {
    await mkdir(this.options.scratchDir, { recursive: true });
    this.options.log.info(`worker started on ${this.options.queues.join('+')} (pid ${process.pid})`, { queues: this.options.queues });
    while (!this.stopTaking.signal.aborted) {
      await this.checkDeadLetters();
      const next = await this.receiveNext();
      if (!next) continue;
      await executeDelivery(this.options.deps, this.options.stages, next.queue, next.message, this.options, this.abortRunning.signal);
    }
    clearTimeout(this.drainTimer);
    this.options.log.info('worker stopped');
  }

  /** Stops taking tasks; `drain` lets the running one finish (up to drainSec), `now` releases it. */
  stop(mode: 'drain' | 'now'): void {
    this.stopTaking.abort();
    if (mode === 'now') {
      this.abortRunning.abort();
      return;
    }
    this.drainTimer ??= setTimeout(() => this.abortRunning.abort(), this.options.drainSec * 1000);
    this.drainTimer.unref();
  }

  /** Polls the queues in priority order: the last waits (long poll), the others only peek. */
  private async receiveNext(): Promise<{ queue: WorkQueue; message: ReceivedMessage } | undefined> {
    const names = this.options.queues;
    for (const [i, name] of names.entries()) {
      if (this.stopTaking.signal.aborted) return undefined;
      const queue = this.options.deps.queues[name];
      const waitSec = i === names.length - 1 ? this.options.waitSec : 0;
      const [message] = await queue.receive({ maxMessages: 1, visibilitySec: this.options.visibilitySec, waitSec });
      if (message) return { queue, message };
    }
    return undefined;
  }

  private async checkDeadLetters(): Promise<void> {
    if (Date.now() - this.lastDeadLetterCheck < this.options.deadLetterEverySec * 1000) return;
    this.lastDeadLetterCheck = Date.now();
    for (const name of this.options.queues) {
      const dlq = this.options.deps.queues[name].deadLetter;
      const messages = await dlq.receive({ maxMessages: 10, visibilitySec: 60, waitSec: 0 });
      for (const message of messages) {
        const outcome = await handleDeadTask(this.options.deps, message.body).catch((err: unknown) => {
          this.options.log.error(`dead-letter handling failed: ${(err as Error).message}`, { ...deadTaskFields(message.body), err });
          return undefined;
        });
        if (outcome === undefined) continue;
        await dlq.ack(message.receiptHandle);
        this.options.log.warn(`dead-lettered ${JSON.stringify(message.body)} → ${outcome}`, { ...deadTaskFields(message.body), outcome });
      }
    }
  }
}

/** The video and stage of a dead-lettered task body, when it has them (it may be malformed). */
function deadTaskFields(body: unknown): LogFields {
  const b = (body ?? {}) as { videoId?: unknown; type?: unknown; chunkIndex?: unknown };
  return {
    ...(typeof b.videoId === 'string' ? { videoId: b.videoId } : {}),
    ...(typeof b.type === 'string' ? { stage: b.type } : {}),
    ...(typeof b.chunkIndex === 'number' ? { chunk: b.chunkIndex } : {}),
  };
}

/**
 * Stops `worker` (drain: finish or release the running task) when the process that started
 * it goes away, e.g. `lvu serve` killed with SIGKILL: the supervisor spawns workers with an
 * IPC channel, which the operating system closes when the supervisor dies, so `disconnect`
 * fires here and the worker exits instead of polling on as an orphan next to a restarted
 * serve's workers. A no-op for a worker started without a channel (`lvu worker` from a
 * shell). The channel is unref'd, so it never keeps a stopped worker alive.
 *
 * @example
 *   const worker = new Worker(options);
 *   stopWithSupervisor(worker);
 *   await worker.run();
 */
export function stopWithSupervisor(worker: Pick<Worker, 'stop'>): void {
  if (!process.channel) return;
  process.channel.unref();
  process.once('disconnect', () => worker.stop('drain'));
}
