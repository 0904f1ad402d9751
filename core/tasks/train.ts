import { LvuError, hasCode } from '../errors';
import type { Principal } from '../jobs/api-keys';
import type { PlatformDeps } from '../jobs/deps';
import type { ModelRef, Task } from '../jobs/tasks';
import { VideoRepository } from '../jobs/videos';
import type { LvuTask } from '../lvu-tasks';
import { TaskKeys, type LabelRecord, type TaskRecord, type TrainRequest } from './contracts';
import type { TrainFunction, TrainVideo } from './train-function';
import { labelCounts } from './define';
import { BlobHeadStore } from './head-store';
import { queueTenantReanswer } from './reanswer';
import { TaskRepository } from './repository';

/** A queued or running training older than this is taken as lost (its worker died) and may be requested again. */
export const TRAINING_STALE_SEC = 3600;
/** Fewest labelled videos per class (and per regression task: distinct values ≥ 2 over this many × 2). */
export const MIN_VIDEOS_PER_CLASS = 2;

/** The training task on the CPU queue; `videoId` carries the training job's id (its heartbeat and attempts are filed under it). */
export type TrainTask = Extract<Task, { type: 'train' }>;

/** Why these labels are too few to learn from, or undefined when they suffice. */
export function tooLittleToLearn(task: LvuTask, labels: readonly { label: LabelRecord['label'] }[]): string | undefined {
  if (task.kind === 'regression') {
    const values = new Set(labels.map((l) => Number(l.label)));
    if (labels.length < 2 * MIN_VIDEOS_PER_CLASS)
      return `${task.name} has ${labels.length} labelled videos; a regression needs at least ${2 * MIN_VIDEOS_PER_CLASS}`;
    return values.size < 2 ? `every labelled video of ${task.name} has the same value; there is nothing to learn` : undefined;
  }
  const counts = new Map<string, number>();
  for (const l of labels) counts.set(String(l.label), (counts.get(String(l.label)) ?? 0) + 1);
  const shown = [...counts].map(([k, n]) => `${k}: ${n}`).join(', ') || 'none';
  if (counts.size < 2)
    return `${task.name} needs labelled videos of at least two classes, each with ${MIN_VIDEOS_PER_CLASS} or more (labelled: ${shown})`;
  const thin = [...counts].filter(([, n]) => n < MIN_VIDEOS_PER_CLASS).map(([k]) => k);
  return thin.length
    ? `class${thin.length > 1 ? 'es' : ''} ${thin.join(', ')} of ${task.name} ha${thin.length > 1 ? 've' : 's'} fewer than ${MIN_VIDEOS_PER_CLASS} labelled videos (labelled: ${shown})`
    : undefined;
}

function busy(record: TaskRecord, now: Date): boolean {
  const t = record.training;
  if (t.status !== 'queued' && t.status !== 'running') return false;
  return now.getTime() - Date.parse(t.requestedAt ?? '1970-01-01T00:00:00Z') < TRAINING_STALE_SEC * 1000;
}

function inProgress(name: string, record: TaskRecord): LvuError {
  return new LvuError(
    'TRAINING_IN_PROGRESS',
    `task ${name} is already training version ${record.training.version}; one training runs at a time (GET /v1/tasks/${name} shows when it is done)`,
    {
      details: { task: name, training: record.training },
    },
  );
}

/**
 * `POST /v1/tasks/{name}/train`: checks there is enough to learn from (NOT_ENOUGH_LABELS,
 * 422), claims the task's training slot with a conditional write (a concurrent call gets
 * TRAINING_IN_PROGRESS, 409) and queues the training task (CPU queue).
 */
export async function requestTraining(
  deps: PlatformDeps,
  principal: Principal,
  name: string,
  request: TrainRequest,
): Promise<{ task: string; version: number; status: 'queued' }> {
  const repo = new TaskRepository(deps.meta);
  const now = deps.now();
  const found = await repo.require(principal.tenantId, name, now);
  if (busy(found.record, now)) throw inProgress(name, found.record);
  const problem = tooLittleToLearn(found.record.definition, await repo.labels(principal.tenantId, name));
  if (problem)
    throw new LvuError('NOT_ENOUGH_LABELS', `${problem} (PUT /v1/tasks/${name}/labels adds labels)`, { details: { task: name } });
  const version = Math.max(0, ...found.record.versions.map((v) => v.version)) + 1;
  const job = `train_${name}_${version}_${now.getTime().toString(36)}`;
  const training = {
    status: 'queued' as const,
    version,
    requestedAt: now.toISOString(),
    job,
    folds: request.folds,
    ...(request.lambda ? { lambda: request.lambda } : {}),
  };
  try {
    await repo.replace(principal.tenantId, found, { ...found.record, training });
  } catch (err) {
    if (!hasCode(err, 'CONDITION_FAILED')) throw err;
    const again = await repo.require(principal.tenantId, name, now);
    throw inProgress(name, again.record);
  }
  const task: Task = { type: 'train', videoId: job, tenantId: principal.tenantId, task: name, version };
  await deps.queues.cpu.send(task);
  return { task: name, version, status: 'queued' };
}

/** Labelled videos still usable: the video exists and is done (labels of vanished videos are dropped) and has embeddings from `model`. */
async function gatherVideos(
  deps: PlatformDeps,
  tenantId: string,
  record: TaskRecord,
  model: ModelRef,
): Promise<{ usable: LabelRecord[]; videos: TrainVideo[] }> {
  const repo = new TaskRepository(deps.meta);
  const name = record.definition.name;
  const usable: LabelRecord[] = [];
  const videos: TrainVideo[] = [];
  for (const label of await repo.labels(tenantId, name)) {
    const video = await new VideoRepository(deps.meta).getForTenant(tenantId, label.videoId);
    if (!video || video.record.status === 'deleted') {
      await repo.deleteLabel(tenantId, name, label.videoId);
      continue;
    }
    const key = TaskKeys.spanEmbeddings(label.videoId, model);
    if (!(await deps.blobs.head(key))) continue;
    const d = record.definition;
    const target = d.kind === 'classification' ? d.labels.indexOf(String(label.label)) : Number(label.label);
    if (d.kind === 'classification' && target < 0) continue;
    usable.push(label);
    videos.push({ videoId: label.videoId, spanEmbeddings: await deps.blobs.get(key), target });
  }
  return { usable, videos };
}

/**
 * Runs one training task: fits the head on the stored span embeddings of the labelled
 * videos (`model`'s), cross-validated by video, stores it as the next head version in the
 * HeadStore, makes it current and queues a re-answer of the tenant's done videos. Too little
 * to learn from ends as `refused` with the reason (no retry). A duplicate or superseded
 * delivery is skipped.
 */
export async function runTraining(
  deps: PlatformDeps,
  train: TrainFunction | undefined,
  model: ModelRef,
  task: TrainTask,
): Promise<'done' | 'skipped'> {
  const repo = new TaskRepository(deps.meta);
  const found = await repo.find(task.tenantId, task.task, deps.now());
  const t = found?.record.training;
  if (!found || !t || t.job !== task.videoId || (t.status !== 'queued' && t.status !== 'running')) return 'skipped';
  if (!train) throw new LvuError('NOT_AVAILABLE', 'this worker has no train function wired (train tasks need the transformer stage)');
  await repo.update(task.tenantId, task.task, deps.now(), (r) => ({ ...r, training: { ...r.training, status: 'running' } }));
  const { usable, videos } = await gatherVideos(deps, task.tenantId, found.record, model);
  const problem = tooLittleToLearn(found.record.definition, usable);
  if (problem) {
    await finish(deps, task, {
      status: 'refused',
      reason: `${problem} (counting videos that still exist and have span embeddings from ${model.name}@${model.version})`,
    });
    return 'done';
  }
  const out = await train({ task: found.record.definition, model, videos, folds: t.folds ?? 5, ...(t.lambda ? { lambda: t.lambda } : {}) });
  const trainedAt = deps.now().toISOString();
  const stored = {
    task: found.record.definition,
    version: task.version,
    model,
    head: out.head,
    cv: out.cv,
    videos: videos.length,
    spans: out.spans,
    trainedAt,
  };
  await new BlobHeadStore(deps.blobs).put(task.tenantId, stored);
  const entry = {
    version: task.version,
    trainedAt,
    model,
    cv: out.cv,
    videos: videos.length,
    spans: out.spans,
    labelCounts: labelCounts(found.record, usable),
  };
  await finish(deps, task, { status: 'done' }, (r) => ({
    ...r,
    current: task.version,
    versions: [...r.versions.filter((v) => v.version !== task.version), entry],
  }));
  await queueTenantReanswer(deps, task.tenantId);
  return 'done';
}

/** Ends the training job (only if it is still this job's): status, time, and any record change. */
async function finish(
  deps: PlatformDeps,
  task: TrainTask,
  outcome: { status: 'done' | 'refused' | 'failed'; reason?: string },
  change: (r: TaskRecord) => TaskRecord = (r) => r,
): Promise<void> {
  await new TaskRepository(deps.meta).update(task.tenantId, task.task, deps.now(), (r) => {
    if (r.training.job !== task.videoId) return undefined;
    const { reason: _old, ...rest } = r.training;
    return { ...change(r), training: { ...rest, ...outcome, finishedAt: deps.now().toISOString() } };
  });
}

/** A training task that went to the dead-letter queue: its job ends `failed` with the last error. */
export async function failTraining(deps: PlatformDeps, task: TrainTask, message: string): Promise<'failed' | 'unchanged'> {
  const found = await new TaskRepository(deps.meta).find(task.tenantId, task.task, deps.now());
  if (!found || found.record.training.job !== task.videoId) return 'unchanged';
  await finish(deps, task, { status: 'failed', reason: message });
  return 'failed';
}
