import { NotFoundError } from '../errors';
import type { BlobStore } from '../ports/blob-store';
import { parseOrThrow } from '../validate';
import { StoredHeadSchema, TaskKeys, type StoredHead } from './contracts';

/**
 * Trained task heads, per tenant and versioned. One port, so the local platform
 * (filesystem blobs) and AWS (S3) keep heads in the same place and every worker sees them.
 */
export interface HeadStore {
  /** Stores version `head.version` of `head.task.name` (same version → same key: a retry rewrites the same bytes). */
  put(tenantId: string, head: StoredHead): Promise<void>;
  /** One version; NOT_FOUND when absent. */
  get(tenantId: string, task: string, version: number): Promise<StoredHead>;
  /** Removes every version of a task. */
  deleteTask(tenantId: string, task: string): Promise<number>;
}

/** JSON text of a head (NaN, which JSON lacks, is already null in the contract). */
export function encodeHead(head: StoredHead): string {
  return `${JSON.stringify(head)}\n`;
}

/** Parses a stored head (validated; the message names the key and the bad field). */
export function decodeHead(bytes: Uint8Array | string, where: string): StoredHead {
  const text = typeof bytes === 'string' ? bytes : new TextDecoder().decode(bytes);
  return parseOrThrow(StoredHeadSchema, JSON.parse(text), `head ${where}`);
}

/**
 * The HeadStore on any BlobStore: `tenants/{tenant}/heads/{task}/{version}` (JSON). Used
 * with the filesystem store locally and the S3 store on AWS.
 *
 * @example
 *   const heads = new BlobHeadStore(deps.blobs);
 *   await heads.put('acme', storedHead);
 */
export class BlobHeadStore implements HeadStore {
  constructor(private readonly blobs: BlobStore) {}

  async put(tenantId: string, head: StoredHead): Promise<void> {
    const parsed = parseOrThrow(StoredHeadSchema, head, 'head');
    await this.blobs.put(TaskKeys.head(tenantId, parsed.task.name, parsed.version), encodeHead(parsed), {
      contentType: 'application/json',
    });
  }

  async get(tenantId: string, task: string, version: number): Promise<StoredHead> {
    const key = TaskKeys.head(tenantId, task, version);
    if (!(await this.blobs.head(key)))
      throw new NotFoundError(`task ${task} has no head version ${version}`, { details: { task, version } });
    return decodeHead(await this.blobs.get(key), key);
  }

  async deleteTask(tenantId: string, task: string): Promise<number> {
    return this.blobs.deleteByPrefix(TaskKeys.headsPrefix(tenantId, task));
  }
}
