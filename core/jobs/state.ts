import { LvuError } from '../errors';
import { clientMessage } from './client-messages';
import type { ErrorInfo, JobStage, VideoRecord, VideoStatus } from './model';

/**
 * What can happen to a job. Each event maps a record to its next state, or is rejected
 * (INVALID_TRANSITION) or ignored (a replay of something already applied: at-least-once
 * delivery means every event may arrive twice).
 */
export type JobEvent =
  | { type: 'uploaded'; sourceEtag?: string }
  | { type: 'probed'; chunksTotal: number }
  | { type: 'chunksDone' }
  | { type: 'completed' }
  | { type: 'failed'; error: ErrorInfo }
  | { type: 'deleted' };

/** The states from which each event applies, and the (status, stage) it leads to. */
const RULES: Record<JobEvent['type'], { from: VideoStatus[]; to: VideoStatus; stage?: JobStage }> = {
  uploaded: { from: ['awaiting_upload'], to: 'queued', stage: 'probe' },
  probed: { from: ['queued', 'processing'], to: 'processing', stage: 'chunks' },
  chunksDone: { from: ['processing'], to: 'processing', stage: 'merge' },
  completed: { from: ['processing'], to: 'done', stage: 'merge' },
  failed: { from: ['awaiting_upload', 'queued', 'processing'], to: 'failed' },
  deleted: { from: ['awaiting_upload', 'queued', 'processing', 'done', 'failed'], to: 'deleted' },
};

/** Order of stages, so a late replay (e.g. `probed` after `chunksDone`) is recognised as stale. */
const STAGE_ORDER: JobStage[] = ['upload', 'probe', 'chunks', 'merge'];

/** Result of applying an event: the new record, or `unchanged` when it was a replay. */
export type Transition = { kind: 'changed'; record: VideoRecord } | { kind: 'unchanged'; record: VideoRecord };

/**
 * Applies `event` to `record` at time `now` (pure). Replays of an event already applied
 * return `unchanged`; events that make no sense in the current state throw
 * INVALID_TRANSITION (e.g. `completed` on a failed video).
 *
 * @example
 *   applyEvent(record, { type: 'probed', chunksTotal: 4 }, new Date()).record.stage === 'chunks'
 */
export function applyEvent(record: VideoRecord, event: JobEvent, now: Date): Transition {
  if (isReplay(record, event)) return { kind: 'unchanged', record };
  const rule = RULES[event.type];
  if (!rule.from.includes(record.status)) {
    throw new LvuError('INVALID_TRANSITION', `cannot apply ${event.type} to a video that is ${record.status}`, {
      details: { videoId: record.videoId, status: record.status, event: event.type },
    });
  }
  const at = now.toISOString();
  const next: VideoRecord = { ...record, status: rule.to, stage: rule.stage ?? record.stage, updatedAt: at };
  if (event.type === 'uploaded') {
    next.queuedAt = at;
    if (event.sourceEtag) next.sourceEtag = event.sourceEtag;
  }
  if (event.type === 'probed') {
    next.chunksTotal = event.chunksTotal;
    next.startedAt = record.startedAt ?? at;
  }
  if (event.type === 'completed' || event.type === 'failed') next.finishedAt = at;
  // Clients read this message: it names the upload, never a server path (those stay in logs).
  if (event.type === 'failed')
    next.error = { ...event.error, message: clientMessage(event.error.message, record), stage: event.error.stage ?? record.stage };
  return { kind: 'changed', record: next };
}

function isReplay(record: VideoRecord, event: JobEvent): boolean {
  switch (event.type) {
    case 'uploaded':
      return record.status !== 'awaiting_upload' && record.status !== 'deleted';
    case 'probed':
      return record.status === 'processing' && stageAtLeast(record.stage, 'chunks');
    case 'chunksDone':
      return record.status === 'processing' && stageAtLeast(record.stage, 'merge');
    case 'completed':
      return record.status === 'done';
    case 'failed':
      return record.status === 'failed';
    case 'deleted':
      return record.status === 'deleted';
  }
}

function stageAtLeast(stage: JobStage, wanted: JobStage): boolean {
  return STAGE_ORDER.indexOf(stage) >= STAGE_ORDER.indexOf(wanted);
}

/** True for statuses after which no task should do work for the video any more. */
export function isTerminal(status: VideoStatus): boolean {
  return status === 'done' || status === 'failed' || status === 'deleted';
}
