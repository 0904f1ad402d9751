import { LvuError } from '../errors';
import type { Principal } from '../jobs/api-keys';
import type { PlatformDeps } from '../jobs/deps';
import { hasCode } from '../errors';
import { findLvuTask } from '../lvu-tasks';
import type { DefineTaskRequest, LabelRecord, TaskRecord, TaskView } from './contracts';
import { BlobHeadStore } from './head-store';
import { newTaskRecord, TaskRepository } from './repository';
import { queueTenantReanswer } from './reanswer';

/** Labelled videos per label: class names, or `value` for regression. */
export function labelCounts(record: TaskRecord, labels: readonly LabelRecord[]): Record<string, number> {
  const counts: Record<string, number> = {};
  if (record.definition.kind === 'classification') for (const l of record.definition.labels) counts[l] = 0;
  for (const l of labels) {
    const key = record.definition.kind === 'classification' ? String(l.label) : 'value';
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

/** The API view of a task: definition, label counts, head versions with CV figures, training state. */
export function taskView(record: TaskRecord, labels: readonly LabelRecord[]): TaskView {
  const d = record.definition;
  return {
    name: d.name,
    kind: d.kind,
    description: d.description,
    source: d.source,
    ...(d.kind === 'classification' ? { labels: d.labels } : {}),
    labelled: labels.length,
    labelCounts: labelCounts(record, labels),
    current: record.current,
    versions: record.versions,
    training: record.training,
  };
}

/**
 * `POST /v1/tasks`: defines a user task. TASK_EXISTS (409) when the tenant already has one
 * of that name, LVU_TASK_NAME (409) when it is one of the nine LVU tasks (they exist in
 * every tenant already).
 */
export async function defineTask(deps: PlatformDeps, principal: Principal, request: DefineTaskRequest): Promise<TaskView> {
  if (findLvuTask(request.name)) {
    throw new LvuError(
      'LVU_TASK_NAME',
      `"${request.name}" is one of the nine LVU tasks, which every tenant already has; pick another name`,
      { details: { task: request.name } },
    );
  }
  const definition =
    request.kind === 'classification'
      ? { ...request, metric: 'accuracy' as const, source: 'user' as const }
      : { ...request, target: 'none' as const, metric: 'mse' as const, source: 'user' as const };
  const record = newTaskRecord(principal.tenantId, definition, deps.now());
  try {
    await new TaskRepository(deps.meta).create(record);
  } catch (err) {
    if (!hasCode(err, 'CONDITION_FAILED')) throw err;
    throw new LvuError(
      'TASK_EXISTS',
      `task ${request.name} already exists in this tenant (DELETE /v1/tasks/${request.name} first to redefine it)`,
      { details: { task: request.name } },
    );
  }
  return taskView(record, []);
}

/** `GET /v1/tasks`: the nine LVU tasks, then the tenant's own. */
export async function listTasks(deps: PlatformDeps, principal: Principal): Promise<{ tasks: TaskView[] }> {
  const repo = new TaskRepository(deps.meta);
  const records = await repo.list(principal.tenantId, deps.now());
  return { tasks: await Promise.all(records.map(async (r) => taskView(r, await repo.labels(principal.tenantId, r.definition.name)))) };
}

/** `GET /v1/tasks/{name}`. */
export async function getTask(deps: PlatformDeps, principal: Principal, name: string): Promise<TaskView> {
  const repo = new TaskRepository(deps.meta);
  const { record } = await repo.require(principal.tenantId, name, deps.now());
  return taskView(record, await repo.labels(principal.tenantId, name));
}

/**
 * `DELETE /v1/tasks/{name}`: removes a user task with its labels and every head version,
 * then queues a re-answer of the tenant's videos (their answers drop the task). LVU tasks
 * cannot be deleted (LVU_TASK_NAME); a training in flight is refused (TRAINING_IN_PROGRESS).
 */
export async function deleteTask(deps: PlatformDeps, principal: Principal, name: string): Promise<{ task: string; deleted: true }> {
  const repo = new TaskRepository(deps.meta);
  const { record } = await repo.require(principal.tenantId, name, deps.now());
  if (record.definition.source === 'lvu') {
    throw new LvuError('LVU_TASK_NAME', `${name} is one of the nine LVU tasks and cannot be deleted (DELETE its labels instead)`, {
      details: { task: name },
    });
  }
  if (record.training.status === 'queued' || record.training.status === 'running') {
    throw new LvuError(
      'TRAINING_IN_PROGRESS',
      `task ${name} is training (version ${record.training.version}); delete it once that finished`,
      { details: { task: name, training: record.training } },
    );
  }
  await repo.remove(principal.tenantId, name);
  await repo.deleteLabels(principal.tenantId, name);
  await new BlobHeadStore(deps.blobs).deleteTask(principal.tenantId, name);
  if (record.current !== null) await queueTenantReanswer(deps, principal.tenantId);
  return { task: name, deleted: true };
}
