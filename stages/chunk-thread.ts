/**
 * Body of a chunk worker thread (see chunk-threads.ts): runs `analyzeChunk` for the tasks
 * the parent sends, one at a time, with one warm set of model sessions for the thread's
 * life (opened on the first chunk that detects, released on `dispose`).
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { ModelsConfig } from '../models/config';
import { VisionModels } from '../models/vision';
import { profileSince, profileSnapshot } from '../core/profile';
import { analyzeChunk } from './pipeline';
import type { ChunkThreadRequest, ChunkThreadReply, ThreadError } from './chunk-threads';

const port = parentPort;
if (!port) throw new Error('stages/chunk-thread.ts runs only as a worker thread');
const { models } = workerData as { models: ModelsConfig };
let vision: VisionModels | undefined;
const running = new Map<number, AbortController>();
const send = (m: ChunkThreadReply) => port.postMessage(m);

port.on('message', (m: ChunkThreadRequest) => {
  if (m.type === 'abort') running.get(m.id)?.abort();
  else if (m.type === 'dispose') void dispose();
  else void run(m.id, m.input);
});

async function run(id: number, input: Extract<ChunkThreadRequest, { type: 'run' }>['input']): Promise<void> {
  const ac = new AbortController();
  running.set(id, ac);
  const before = profileSnapshot();
  try {
    const detect = (input.stages ?? ['shots', 'detect']).includes('detect');
    if (detect) vision ??= VisionModels.create(models, (line) => send({ type: 'notice', line }));
    const result = await analyzeChunk({
      ...input,
      ...(vision && detect ? { vision } : {}),
      signal: ac.signal,
      onProgress: (done, total) => send({ type: 'progress', id, done, total }),
    });
    send({ type: 'done', id, result, profile: profileSince(before, profileSnapshot()) });
  } catch (err) {
    const e = err as Error & { code?: string; details?: Record<string, unknown> };
    const error: ThreadError = {
      name: e.name,
      message: e.message,
      ...(e.code ? { code: e.code } : {}),
      ...(e.stack ? { stack: e.stack } : {}),
    };
    // Details cross only when they survive a structured clone.
    try {
      if (e.details) error.details = structuredClone(e.details);
    } catch {}
    send({ type: 'error', id, error });
  } finally {
    running.delete(id);
  }
}

async function dispose(): Promise<void> {
  const v = vision;
  vision = undefined;
  await v?.dispose();
  send({ type: 'disposed', sessionsOpened: v?.sessionsOpened ?? 0 });
}
