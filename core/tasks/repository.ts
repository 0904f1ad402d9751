import { LvuError, NotFoundError, hasCode } from '../errors';
import { Keys } from '../jobs/model';
import { LVU_TASKS, findLvuTask, type LvuTask } from '../lvu-tasks';
import type { Item, MetadataStore } from '../ports/metadata-store';
import { LabelRecordSchema, TaskKeys, TaskRecordSchema, type LabelRecord, type TaskRecord } from './contracts';

/** Optimistic-concurrency retries of a task record write (each retry re-reads). */
const MAX_WRITE_ATTEMPTS = 20;
/** Items per page when paging labels or tasks. */
const PAGE = 100;

/** A task record with the version it was read at (`null`: an LVU task never written). */
export interface VersionedTask {
  version: number | null;
  record: TaskRecord;
}

/** A fresh record for a definition. */
export function newTaskRecord(tenantId: string, definition: LvuTask, now: Date): TaskRecord {
  return { tenantId, definition, createdAt: now.toISOString(), current: null, versions: [], training: { status: 'idle' } };
}

/**
 * Task and label records of a tenant (`tenant#{t}` partition). The nine LVU tasks exist in
 * every tenant: read before they were ever written, they come back as fresh records with
 * version `null` (the first write creates them conditionally).
 */
export class TaskRepository {
  constructor(private readonly meta: MetadataStore) {}

  /** The tenant's task, or undefined. */
  async find(tenantId: string, name: string, now: Date): Promise<VersionedTask | undefined> {
    const item = await this.meta.get(Keys.tenant(tenantId), TaskKeys.task(name));
    if (item) return { version: item.version, record: TaskRecordSchema.parse(item.data) };
    const lvu = findLvuTask(name);
    return lvu ? { version: null, record: newTaskRecord(tenantId, lvu, now) } : undefined;
  }

  /** The tenant's task or NOT_FOUND naming it. */
  async require(tenantId: string, name: string, now: Date): Promise<VersionedTask> {
    const found = await this.find(tenantId, name, now);
    if (!found) throw new NotFoundError(`task ${name} not found (GET /v1/tasks lists this tenant's tasks)`, { details: { task: name } });
    return found;
  }

  /** Every task of the tenant: the LVU catalog first (stored or fresh), then user tasks by name. */
  async list(tenantId: string, now: Date): Promise<TaskRecord[]> {
    const stored = new Map<string, TaskRecord>();
    let cursor: string | undefined;
    do {
      const page = await this.meta.query(Keys.tenant(tenantId), {
        skPrefix: TaskKeys.taskPrefix,
        limit: PAGE,
        ...(cursor ? { cursor } : {}),
      });
      for (const item of page.items) {
        const record = TaskRecordSchema.parse(item.data);
        stored.set(record.definition.name, record);
      }
      cursor = page.cursor;
    } while (cursor);
    const lvu = LVU_TASKS.map((t) => stored.get(t.name) ?? newTaskRecord(tenantId, t, now));
    const user = [...stored.values()]
      .filter((r) => r.definition.source === 'user')
      .sort((a, b) => a.definition.name.localeCompare(b.definition.name));
    return [...lvu, ...user];
  }

  /** Creates a user task; CONDITION_FAILED when the name is taken. */
  async create(record: TaskRecord): Promise<void> {
    await this.meta.put(Keys.tenant(record.tenantId), TaskKeys.task(record.definition.name), record, { expectedVersion: null });
  }

  /**
   * Read-modify-write with optimistic concurrency, retried on conflict. `change` returns
   * the new record, or undefined to leave it alone; errors it throws propagate (no write).
   */
  async update(tenantId: string, name: string, now: Date, change: (record: TaskRecord) => TaskRecord | undefined): Promise<TaskRecord> {
    for (let attempt = 1; ; attempt++) {
      const { version, record } = await this.require(tenantId, name, now);
      const next = change(record);
      if (!next) return record;
      try {
        await this.meta.put(Keys.tenant(tenantId), TaskKeys.task(name), next, { expectedVersion: version });
        return next;
      } catch (err) {
        if (!hasCode(err, 'CONDITION_FAILED') || attempt >= MAX_WRITE_ATTEMPTS) throw err;
      }
    }
  }

  /** One conditional write at `version` (no retry): CONDITION_FAILED when someone wrote first. */
  async replace(tenantId: string, found: VersionedTask, next: TaskRecord): Promise<void> {
    await this.meta.put(Keys.tenant(tenantId), TaskKeys.task(next.definition.name), next, { expectedVersion: found.version });
  }

  /** Removes the record (the caller removes labels and heads). */
  async remove(tenantId: string, name: string): Promise<void> {
    await this.meta.delete(Keys.tenant(tenantId), TaskKeys.task(name));
  }

  /** Every label of a task, by video id order. */
  async labels(tenantId: string, name: string): Promise<LabelRecord[]> {
    const out: LabelRecord[] = [];
    for await (const item of this.pages(Keys.tenant(tenantId), TaskKeys.labelPrefix(name))) out.push(LabelRecordSchema.parse(item.data));
    return out;
  }

  /** Stores a label and its reverse pointer in the video's partition (pointer first: a crash leaves no orphan label). */
  async putLabel(tenantId: string, name: string, label: LabelRecord): Promise<void> {
    await this.meta.put(Keys.video(label.videoId), TaskKeys.videoLabel(name), { task: name, tenantId });
    await this.meta.put(Keys.tenant(tenantId), TaskKeys.label(name, label.videoId), label);
  }

  /** Removes a label; true when there was one. */
  async deleteLabel(tenantId: string, name: string, videoId: string): Promise<boolean> {
    const existed = (await this.meta.get(Keys.tenant(tenantId), TaskKeys.label(name, videoId))) !== undefined;
    await this.meta.delete(Keys.tenant(tenantId), TaskKeys.label(name, videoId));
    await this.meta.delete(Keys.video(videoId), TaskKeys.videoLabel(name));
    return existed;
  }

  /** Removes every label of a task. */
  async deleteLabels(tenantId: string, name: string): Promise<void> {
    // labels() reads every page before the first delete.
    for (const label of await this.labels(tenantId, name)) await this.deleteLabel(tenantId, name, label.videoId);
  }

  /** Removes every label of one video (the video is being deleted). */
  async deleteLabelsOfVideo(tenantId: string, videoId: string): Promise<number> {
    const tasks: string[] = [];
    // Collected first: deleting while paging the same partition could skip items.
    for await (const item of this.pages(Keys.video(videoId), TaskKeys.videoLabelPrefix))
      tasks.push(String((item.data as { task?: unknown }).task ?? ''));
    let n = 0;
    for (const task of tasks.filter(Boolean)) if (await this.deleteLabel(tenantId, task, videoId)) n += 1;
    return n;
  }

  private async *pages(pk: string, skPrefix: string): AsyncGenerator<Item> {
    let cursor: string | undefined;
    do {
      const page = await this.meta.query(pk, { skPrefix, limit: PAGE, ...(cursor ? { cursor } : {}) });
      yield* page.items;
      cursor = page.cursor;
    } while (cursor);
  }
}

/** Thrown when a write would clobber a concurrent one the caller must not override. */
export function conflict(code: string, message: string, details: Record<string, unknown>): LvuError {
  return new LvuError(code, message, { details });
}
