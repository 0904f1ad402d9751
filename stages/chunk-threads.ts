/**
 * Chunk lanes on worker threads. ONNX Runtime's Node binding runs every `session.run` on
 * the JavaScript thread that calls it (onnxruntime-node wraps a synchronous call in
 * `setImmediate`), so chunk lanes sharing one thread take turns at inference and a 2-core
 * machine keeps about one core busy. Here each lane is a worker thread with its own warm
 * model sessions (one set per thread, opened on its first detecting chunk, reused by every
 * later chunk, released by `dispose`): lanes run side by side, each with its share of the
 * cores for ORT's intra-op pool and ffmpeg's decoder.
 *
 * A thread that dies (a native crash, out of memory) fails the chunk it was running with an
 * error that says so; the pool starts a fresh thread for the next task.
 */
import { Worker } from 'node:worker_threads';
import { LvuError } from '../core/errors';
import type { Profile } from '../core/profile';
import type { ModelsConfig } from '../models/config';
import type { AnalyzeChunkInput, ChunkResult } from './pipeline';

/** What a thread needs to run one chunk: `analyzeChunk`'s input without the callbacks and models. */
export type ChunkThreadInput = Omit<AnalyzeChunkInput, 'vision' | 'signal' | 'onProgress'>;

export type ChunkThreadRequest = { type: 'run'; id: number; input: ChunkThreadInput } | { type: 'abort'; id: number } | { type: 'dispose' };

export type ChunkThreadReply =
  | { type: 'progress'; id: number; done: number; total: number }
  | { type: 'notice'; line: string }
  | { type: 'done'; id: number; result: ChunkResult; profile: Profile }
  | { type: 'error'; id: number; error: ThreadError }
  | { type: 'disposed'; sessionsOpened: number };

/** An error as it crosses from a thread (structured clone keeps no classes). */
export interface ThreadError {
  name: string;
  message: string;
  code?: string;
  details?: Record<string, unknown>;
  stack?: string;
}

export interface ChunkRunOptions {
  signal?: AbortSignal;
  onProgress?: (framesDone: number, framesTotal: number) => void;
}

export interface ChunkThreadPool {
  readonly size: number;
  /** Runs one chunk on an idle thread (queued until one is free). */
  run(input: ChunkThreadInput, options?: ChunkRunOptions): Promise<{ result: ChunkResult; profile: Profile }>;
  /** Sessions each thread opened over its life (one per model when reuse works), after `dispose`. */
  readonly sessionsOpened: readonly number[];
  /** Releases every thread's sessions and ends the threads. */
  dispose(): Promise<void>;
}

interface Lane {
  worker: Worker;
  busy: boolean;
  current?: {
    id: number;
    resolve: (v: { result: ChunkResult; profile: Profile }) => void;
    reject: (e: Error) => void;
    options: ChunkRunOptions;
  };
  disposed?: () => void;
  dead: boolean;
}

const ENTRY = new URL('./chunk-thread.mjs', import.meta.url);

/**
 * Starts `threads` chunk threads; each opens its sessions with `models` (set
 * `intraOpThreads` to the cores per lane). `notice` gets one-off lines from the threads
 * (a model converted on first use).
 */
export function createChunkThreadPool(options: {
  threads: number;
  models: ModelsConfig;
  notice?: (line: string) => void;
}): ChunkThreadPool {
  if (!Number.isInteger(options.threads) || options.threads < 1)
    throw new RangeError(`chunk threads must be a positive integer, got ${options.threads}`);
  let nextId = 1;
  let closing = false;
  const waiting: Array<() => void> = [];
  const sessionsOpened: number[] = [];
  const lanes: Lane[] = [];

  const start = (slot: number): Lane => {
    const worker = new Worker(ENTRY, { workerData: { models: options.models } });
    const lane: Lane = { worker, busy: false, dead: false };
    worker.on('message', (m: ChunkThreadReply) => {
      if (m.type === 'notice') options.notice?.(m.line);
      else if (m.type === 'disposed') {
        sessionsOpened[slot] = (sessionsOpened[slot] ?? 0) + m.sessionsOpened;
        lane.disposed?.();
      } else if (lane.current && m.id === lane.current.id) {
        const cur = lane.current;
        if (m.type === 'progress') cur.options.onProgress?.(m.done, m.total);
        else {
          lane.current = undefined;
          if (m.type === 'done') cur.resolve({ result: m.result, profile: m.profile });
          else cur.reject(reviveError(m.error));
        }
      }
    });
    const died = (why: string) => {
      if (lane.dead) return;
      lane.dead = true;
      lane.current?.reject(new LvuError('CHUNK_THREAD_DIED', `the chunk worker thread ${why} while it analysed a chunk`));
      lane.current = undefined;
      lane.disposed?.();
      // A fresh thread takes the slot for later tasks (unless the pool is closing).
      if (!closing) lanes[slot] = start(slot);
      release();
    };
    worker.on('error', (err) => died(`failed (${err.message})`));
    worker.on('exit', (code) => died(`exited with code ${code}`));
    return lane;
  };
  for (let i = 0; i < options.threads; i++) lanes.push(start(i));

  const release = () => waiting.shift()?.();
  const idleLane = async (): Promise<Lane> => {
    for (;;) {
      if (closing) throw new LvuError('CHUNK_POOL_CLOSED', 'the chunk thread pool is shut down');
      const lane = lanes.find((l) => !l.busy && !l.dead);
      // Claimed here, synchronously: two runs started in the same tick must not get one lane.
      if (lane) {
        lane.busy = true;
        return lane;
      }
      await new Promise<void>((r) => waiting.push(r));
    }
  };

  return {
    size: options.threads,
    sessionsOpened,
    async run(input, runOptions = {}) {
      runOptions.signal?.throwIfAborted();
      const lane = await idleLane();
      const id = nextId++;
      const onAbort = () => lane.worker.postMessage({ type: 'abort', id } satisfies ChunkThreadRequest);
      runOptions.signal?.addEventListener('abort', onAbort, { once: true });
      try {
        return await new Promise((resolve, reject) => {
          lane.current = { id, resolve, reject, options: runOptions };
          lane.worker.postMessage({ type: 'run', id, input } satisfies ChunkThreadRequest);
        });
      } finally {
        runOptions.signal?.removeEventListener('abort', onAbort);
        lane.busy = false;
        release();
      }
    },
    async dispose() {
      closing = true;
      for (const w of waiting.splice(0)) w();
      await Promise.all(
        lanes.map(async (lane) => {
          if (lane.dead) return;
          await new Promise<void>((r) => {
            lane.disposed = r;
            lane.worker.postMessage({ type: 'dispose' } satisfies ChunkThreadRequest);
          });
          lane.dead = true;
          await lane.worker.terminate();
        }),
      );
    },
  };
}

/** The thread's error as an Error here, keeping an LvuError's code and details (permanent input errors stay permanent). */
function reviveError(e: ThreadError): Error {
  const err = e.code ? new LvuError(e.code, e.message, e.details ? { details: e.details } : {}) : new Error(e.message);
  if (!e.code && e.name !== 'Error') Object.defineProperty(err, 'name', { value: e.name });
  if (e.stack) err.stack = e.stack;
  return err;
}
