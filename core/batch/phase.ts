import type { PlatformDeps } from '../jobs/deps';
import type { ModelRef } from '../jobs/tasks';
import type { Logger } from '../log';
import type { BatchConfig } from './config';

/** The phases of one batch pass, in order; each pages through one MetadataStore partition. */
export const BATCH_PHASES = ['reanswer', 'queries', 'sweep'] as const;
export type BatchPhase = (typeof BATCH_PHASES)[number];

/** What a batch invocation did (summed over its pages). */
export interface BatchCounts {
  examined: number;
  reanswered: number;
  reanswerQueued: number;
  reanswerFailed: number;
  queriesRun: number;
  requeued: number;
  stuckFailed: number;
  uploadsExpired: number;
  staleIndexEntries: number;
}

/** Zeroed counts. */
export function emptyCounts(): BatchCounts {
  return {
    examined: 0,
    reanswered: 0,
    reanswerQueued: 0,
    reanswerFailed: 0,
    queriesRun: 0,
    requeued: 0,
    stuckFailed: 0,
    uploadsExpired: 0,
    staleIndexEntries: 0,
  };
}

/** What happened to one stale video: answered now, or handed to a worker. */
export type ReanswerOutcome = 'stored' | 'queued';

/**
 * Re-answers one video with `model` from its stored feature bank. Two ways: inline (the
 * CLI and tests, with the stage function at hand) or by an `answers` task on the CPU
 * queue (the schedule Lambda, which carries no ONNX runtime; workers run the stage).
 * Implementations are in reanswer.ts.
 */
export type Reanswerer = (target: { videoId: string; tenantId: string }, model: ModelRef) => Promise<ReanswerOutcome>;

/** What every phase page receives: the platform, limits, the registered models, counters. */
export interface PhaseContext {
  deps: PlatformDeps;
  config: BatchConfig;
  reanswer: Reanswerer;
  /** Registered answer models by name (read once per invocation). */
  models: ReadonlyMap<string, ModelRef>;
  /** Records this page may read (what is left of the invocation's budget). */
  limit: number;
  counts: BatchCounts;
  log: Logger;
}

/** One page of a phase: how many records it examined and where the next page starts. */
export interface PhasePage {
  examined: number;
  cursor?: string;
}
