/**
 * Records (videos, jobs, queries, API keys) in a single-table layout: each item has a
 * partition key `pk`, a sort key `sk`, a JSON `data` object and a `version` that increases
 * by one on every write. Writes can be conditional on the version (optimistic concurrency,
 * DynamoDB ConditionExpression). Implemented on SQLite and DynamoDB.
 */
export interface MetadataStore {
  get<T extends object = Record<string, unknown>>(pk: string, sk: string): Promise<Item<T> | undefined>;
  /**
   * Writes an item. `expectedVersion`: a number → only if the stored version equals it;
   * `null` → only if the item does not exist; omitted → unconditionally. Returns the new
   * version. Throws ConditionFailedError (code CONDITION_FAILED) when the condition fails.
   * Replaces `data` only: sets added with addToSet survive a put (DynamoDB: UpdateItem, not
   * PutItem). `expiresAt`: the item may be removed by the store after this time (DynamoDB's
   * TTL; the SQLite store on a write an hour or more after its last removal), for records
   * that only matter for a while (idempotency markers, tombstones); readers must not rely on
   * it being gone. A write without `expiresAt` keeps the item's earlier expiry. `mustExist`:
   * update only, never create (CONDITION_FAILED when the item is absent), so a late write
   * cannot bring back an item that was removed, e.g. a heartbeat of a deleted video.
   */
  put<T extends object>(
    pk: string,
    sk: string,
    data: T,
    options?: { expectedVersion?: number | null; expiresAt?: Date; mustExist?: boolean },
  ): Promise<number>;
  /**
   * Adds `member` to the string set `setName` of the item (creating item and set as needed)
   * atomically. Idempotent: adding a member twice counts once. This is the fan-in counter:
   * a retried chunk adds the same member again and the size does not change. Does not
   * change `version` or `data`; an item created here reads as `{version: 0, data: {}}`.
   */
  addToSet(pk: string, sk: string, setName: string, member: string): Promise<{ added: boolean; size: number }>;
  /** Members of a set added with addToSet (empty when absent). */
  getSet(pk: string, sk: string, setName: string): Promise<string[]>;
  /**
   * Removes an item (and its sets); absent items are not an error unless `expectedVersion`
   * is given, which must match (CONDITION_FAILED otherwise, also when absent).
   */
  delete(pk: string, sk: string, options?: { expectedVersion?: number }): Promise<void>;
  /**
   * Items of one partition whose sort key starts with `skPrefix`, ordered by sort key
   * (descending when asked), paginated by an opaque cursor.
   */
  query<T extends object = Record<string, unknown>>(
    pk: string,
    options?: { skPrefix?: string; limit?: number; cursor?: string; descending?: boolean },
  ): Promise<{ items: Item<T>[]; cursor?: string }>;
}

export interface Item<T extends object = Record<string, unknown>> {
  pk: string;
  sk: string;
  version: number;
  data: T;
}
