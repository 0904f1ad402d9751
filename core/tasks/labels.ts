import { LvuError } from '../errors';
import type { Principal } from '../jobs/api-keys';
import type { PlatformDeps } from '../jobs/deps';
import { VideoIdSchema } from '../jobs/model';
import { VideoRepository } from '../jobs/videos';
import type { LvuTask } from '../lvu-tasks';
import { TaskKeys, type ImportLabelsRequest, type LabelValue, type PutLabelsRequest, type RejectedLabel } from './contracts';
import { parseLabelsCsv } from './csv';
import { TaskRepository } from './repository';

/** What a labels call stored. */
export interface LabelsResult {
  task: string;
  stored: number;
  rejected: RejectedLabel[];
  /** Labelled videos of the task after the call. */
  labelled: number;
  /** CSV rows whose id matched no video of the tenant (import only). */
  unmatched?: number;
}

/** The label as stored (class name / number), or why it does not fit the task. */
export function normaliseLabel(task: LvuTask, label: LabelValue): { value: LabelValue } | { reason: string } {
  if (task.kind === 'regression') {
    const v = typeof label === 'number' ? label : Number(label);
    return Number.isFinite(v)
      ? { value: v }
      : { reason: `label ${JSON.stringify(label)} is not a number (${task.name} is a regression task)` };
  }
  if (typeof label === 'string' && task.labels.includes(label)) return { value: label };
  const index = typeof label === 'number' ? label : /^\d+$/.test(label) ? Number(label) : -1;
  if (Number.isInteger(index) && index >= 0 && index < task.labels.length) return { value: task.labels[index]! };
  return {
    reason: `label ${JSON.stringify(label)} is not one of ${task.name}'s labels: ${task.labels.join(', ')} (or their index 0–${task.labels.length - 1})`,
  };
}

/** Why a video cannot be labelled (absent, another tenant's, not done, no span embeddings), or undefined. */
async function videoProblem(
  deps: PlatformDeps,
  tenantId: string,
  videoId: string,
): Promise<Omit<RejectedLabel, 'videoId' | 'label'> | undefined> {
  const found = await new VideoRepository(deps.meta).getForTenant(tenantId, videoId);
  if (!found || found.record.status === 'deleted')
    return { code: 'VIDEO_NOT_FOUND', reason: `video ${videoId} does not exist in this tenant` };
  if (found.record.status !== 'done')
    return { code: 'VIDEO_NOT_DONE', reason: `video ${videoId} is ${found.record.status}; label it once it is done` };
  if ((await deps.blobs.list(TaskKeys.spanEmbeddingsPrefix(videoId))).length === 0) {
    return {
      code: 'NO_SPAN_EMBEDDINGS',
      reason: `video ${videoId} was analysed without span embeddings (upload with tasks: ["answers"] so the transformer stage runs)`,
    };
  }
  return undefined;
}

/**
 * `PUT /v1/tasks/{name}/labels`: all or nothing. Every video must be the tenant's, done and
 * analysed with span embeddings, and every label must fit the task; otherwise nothing is
 * stored and LABELS_REJECTED (422) lists each rejected label with a code and reason.
 */
export async function putLabels(deps: PlatformDeps, principal: Principal, name: string, request: PutLabelsRequest): Promise<LabelsResult> {
  const repo = new TaskRepository(deps.meta);
  const { record } = await repo.require(principal.tenantId, name, deps.now());
  const rejected: RejectedLabel[] = [];
  const accepted = new Map<string, LabelValue>();
  for (const { videoId, label } of request.labels) {
    if (accepted.has(videoId) || rejected.some((r) => r.videoId === videoId)) {
      rejected.push({ videoId, label, code: 'DUPLICATE_VIDEO', reason: `video ${videoId} is labelled twice in this request` });
      continue;
    }
    const problem = await videoProblem(deps, principal.tenantId, videoId);
    const fit = normaliseLabel(record.definition, label);
    if (problem) rejected.push({ videoId, label, ...problem });
    else if ('reason' in fit) rejected.push({ videoId, label, code: 'LABEL_NOT_IN_TASK', reason: fit.reason });
    else accepted.set(videoId, fit.value);
  }
  if (rejected.length > 0) {
    const first = rejected
      .slice(0, 3)
      .map((r) => r.reason)
      .join('; ');
    throw new LvuError('LABELS_REJECTED', `${rejected.length} of ${request.labels.length} labels rejected, none stored: ${first}`, {
      details: { rejected },
    });
  }
  const at = deps.now().toISOString();
  for (const [videoId, label] of accepted) await repo.putLabel(principal.tenantId, name, { videoId, label, at });
  return { task: name, stored: accepted.size, rejected: [], labelled: (await repo.labels(principal.tenantId, name)).length };
}

/** `DELETE /v1/tasks/{name}/labels/{videoId}`: removes one label (NOT_FOUND for an unknown task). */
export async function deleteLabel(
  deps: PlatformDeps,
  principal: Principal,
  name: string,
  videoId: string,
): Promise<{ task: string; videoId: string; deleted: boolean }> {
  const repo = new TaskRepository(deps.meta);
  await repo.require(principal.tenantId, name, deps.now());
  return { task: name, videoId, deleted: await repo.deleteLabel(principal.tenantId, name, videoId) };
}

/** The tenant's videos by `externalId` (set at upload). */
async function videosByExternalId(deps: PlatformDeps, tenantId: string): Promise<Map<string, string>> {
  const repo = new VideoRepository(deps.meta);
  const out = new Map<string, string>();
  let cursor: string | undefined;
  do {
    const page = await repo.list(tenantId, { limit: 100, ...(cursor ? { cursor } : {}) });
    for (const v of page.videos) if (v.externalId) out.set(v.externalId, v.videoId);
    cursor = page.cursor;
  } while (cursor);
  return out;
}

/**
 * `POST /v1/tasks/{name}/labels/import`: an LVU-benchmark CSV (one row per YouTube id),
 * rows mapped to the tenant's videos by the `externalId` they were uploaded with (or by a
 * video id `v_…` in the id column). Rows
 * whose id matches no video are counted (`unmatched`), the rest stored as `putLabels` does
 * (all or nothing).
 */
export async function importLabels(
  deps: PlatformDeps,
  principal: Principal,
  name: string,
  request: ImportLabelsRequest,
): Promise<LabelsResult> {
  const rows = parseLabelsCsv(request.csv, {
    taskName: name,
    ...(request.idColumn ? { idColumn: request.idColumn } : {}),
    ...(request.labelColumn ? { labelColumn: request.labelColumn } : {}),
  });
  const byExternal = await videosByExternalId(deps, principal.tenantId);
  // An id is an externalId, or else the video id itself (v_…).
  const resolve = (id: string) => byExternal.get(id) ?? (VideoIdSchema.safeParse(id).success ? id : undefined);
  const matched = rows.filter((r) => resolve(r.id) !== undefined);
  if (matched.length === 0) {
    throw new LvuError('LABELS_REJECTED', `none of the ${rows.length} CSV rows names a video of this tenant (by externalId or video id)`, {
      details: { rows: rows.length, rejected: [] },
    });
  }
  const labels = matched.map((r) => ({ videoId: resolve(r.id)!, label: r.label }));
  return { ...(await putLabels(deps, principal, name, { labels })), unmatched: rows.length - matched.length };
}
