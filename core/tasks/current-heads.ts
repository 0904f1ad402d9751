import type { PlatformDeps } from '../jobs/deps';
import type { StoredHead } from './contracts';
import { BlobHeadStore } from './head-store';
import { TaskRepository } from './repository';

/**
 * The heads a tenant's answers come from now: the current version of every task (LVU or
 * user) that has one. Read by each answers task, so a video finishing after a training
 * gets the new heads.
 */
export async function currentHeads(deps: Pick<PlatformDeps, 'meta' | 'blobs' | 'now'>, tenantId: string): Promise<StoredHead[]> {
  const store = new BlobHeadStore(deps.blobs);
  const records = await new TaskRepository(deps.meta).list(tenantId, deps.now());
  const trained = records.filter((r) => r.current !== null);
  return Promise.all(trained.map((r) => store.get(tenantId, r.definition.name, r.current!)));
}

/** `task@version` of each head, sorted: equal when two reads saw the same heads. */
export function headsFingerprint(heads: readonly StoredHead[]): string {
  return heads
    .map((h) => `${h.task.name}@${h.version}`)
    .sort()
    .join(',');
}

/** The fingerprint of the tenant's current heads from the task records alone (what the batch compares with the answers index). */
export async function currentHeadVersions(deps: Pick<PlatformDeps, 'meta' | 'now'>, tenantId: string): Promise<string> {
  const records = await new TaskRepository(deps.meta).list(tenantId, deps.now());
  return records
    .filter((r) => r.current !== null)
    .map((r) => `${r.definition.name}@${r.current}`)
    .sort()
    .join(',');
}
