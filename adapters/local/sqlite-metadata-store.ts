import { ConditionFailedError, ValidationError } from '../../core/errors';
import type { Item, MetadataStore } from '../../core/ports/metadata-store';
import { immediate, type SqliteDb } from './sqlite';

/** Default and maximum page size of `query` (DynamoDB returns at most 1 MB per page). */
const DEFAULT_QUERY_LIMIT = 100;
const MAX_QUERY_LIMIT = 1000;

interface ItemRow {
  pk: string;
  sk: string;
  version: number;
  data: string;
}

type QueryOptions = { skPrefix?: string; limit?: number; cursor?: string; descending?: boolean };

/** How often (at most) a store removes expired items on its own, on a write. */
export const EXPIRY_SWEEP_INTERVAL_MS = 60 * 60 * 1000;

export interface SqliteMetadataStoreOptions {
  /** The clock expiry is judged by (tests). */
  now?: () => Date;
  /** Least time between two removals of expired items made by writes (default one hour). */
  sweepIntervalMs?: number;
}

/**
 * SQLite MetadataStore: rows `(pk, sk, version, data JSON, expires_at)` plus a `(pk, sk, set,
 * member)` table for addToSet. Conditional writes run inside `BEGIN IMMEDIATE`, so the version
 * check and the write are atomic across every process sharing the file.
 *
 * Expiry works as DynamoDB's TTL does: an item written with `expiresAt` (tombstones, ingest
 * markers) is removed, with its sets, some time after that moment — here by the first write at
 * least `sweepIntervalMs` after the last removal (the first write of a process sweeps too), or
 * by `removeExpired()`. Until then reads still return it. A write without `expiresAt` keeps the
 * item's earlier expiry, as DynamoDB's UpdateItem does.
 *
 * @example
 * const v = await store.put('tenant#acme', 'video#v1', { status: 'queued' }, { expectedVersion: null });
 * await store.put('tenant#acme', 'video#v1', { status: 'processing' }, { expectedVersion: v });
 */
export class SqliteMetadataStore implements MetadataStore {
  private readonly now: () => Date;
  private readonly sweepIntervalMs: number;
  private lastSweepMs = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly db: SqliteDb,
    options: SqliteMetadataStoreOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
    this.sweepIntervalMs = options.sweepIntervalMs ?? EXPIRY_SWEEP_INTERVAL_MS;
  }

  async get<T extends object = Record<string, unknown>>(pk: string, sk: string): Promise<Item<T> | undefined> {
    const row = this.db.prepare('SELECT pk, sk, version, data FROM items WHERE pk = ? AND sk = ?').get(pk, sk) as ItemRow | undefined;
    return row ? toItem<T>(row) : undefined;
  }

  async put<T extends object>(
    pk: string,
    sk: string,
    data: T,
    options: { expectedVersion?: number | null; expiresAt?: Date; mustExist?: boolean } = {},
  ): Promise<number> {
    const json = serialise(data);
    const expiresMs = expiryMs(options.expiresAt);
    const version = immediate(this.db, () => {
      const current = this.version(pk, sk);
      checkExpected(current, options.expectedVersion, pk, sk);
      if (options.mustExist && current === undefined) {
        throw new ConditionFailedError(`conditional write failed for ${pk} / ${sk}: the item does not exist`, {
          details: { pk, sk, mustExist: true },
        });
      }
      const next = (current ?? 0) + 1;
      this.db
        .prepare(
          `INSERT INTO items (pk, sk, version, data, expires_at) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (pk, sk) DO UPDATE SET version = excluded.version, data = excluded.data,
             expires_at = COALESCE(excluded.expires_at, items.expires_at)`,
        )
        .run(pk, sk, next, json, expiresMs);
      return next;
    });
    this.sweepIfDue();
    return version;
  }

  /**
   * Removes every item (and its sets) whose expiry is at or before `now`; returns how many.
   * Writes call it on their own at most once per `sweepIntervalMs`.
   */
  removeExpired(now: Date = this.now()): number {
    const at = now.getTime();
    this.lastSweepMs = at;
    return immediate(this.db, () => {
      this.db
        .prepare(
          `DELETE FROM item_sets WHERE EXISTS (SELECT 1 FROM items i WHERE i.pk = item_sets.pk AND i.sk = item_sets.sk
             AND i.expires_at IS NOT NULL AND i.expires_at <= ?)`,
        )
        .run(at);
      return this.db.prepare('DELETE FROM items WHERE expires_at IS NOT NULL AND expires_at <= ?').run(at).changes;
    });
  }

  /**
   * After a write has committed: a failed removal (a busy database) must not turn that write
   * into an error a caller would retry; the next due write tries again.
   */
  private sweepIfDue(): void {
    if (this.now().getTime() - this.lastSweepMs < this.sweepIntervalMs) return;
    try {
      this.removeExpired();
    } catch {
      // Expired items stay until the next sweep; readers never relied on them being gone.
    }
  }

  async addToSet(pk: string, sk: string, setName: string, member: string): Promise<{ added: boolean; size: number }> {
    return immediate(this.db, () => {
      this.db.prepare(`INSERT OR IGNORE INTO items (pk, sk, version, data) VALUES (?, ?, 0, '{}')`).run(pk, sk);
      const added =
        this.db.prepare('INSERT OR IGNORE INTO item_sets (pk, sk, set_name, member) VALUES (?, ?, ?, ?)').run(pk, sk, setName, member)
          .changes > 0;
      const { size } = this.db
        .prepare('SELECT COUNT(*) AS size FROM item_sets WHERE pk = ? AND sk = ? AND set_name = ?')
        .get(pk, sk, setName) as { size: number };
      return { added, size };
    });
  }

  async getSet(pk: string, sk: string, setName: string): Promise<string[]> {
    const rows = this.db
      .prepare('SELECT member FROM item_sets WHERE pk = ? AND sk = ? AND set_name = ? ORDER BY member')
      .all(pk, sk, setName) as { member: string }[];
    return rows.map((r) => r.member);
  }

  async delete(pk: string, sk: string, options: { expectedVersion?: number } = {}): Promise<void> {
    immediate(this.db, () => {
      if (options.expectedVersion !== undefined) checkExpected(this.version(pk, sk), options.expectedVersion, pk, sk);
      this.db.prepare('DELETE FROM items WHERE pk = ? AND sk = ?').run(pk, sk);
      this.db.prepare('DELETE FROM item_sets WHERE pk = ? AND sk = ?').run(pk, sk);
    });
  }

  async query<T extends object = Record<string, unknown>>(
    pk: string,
    options: QueryOptions = {},
  ): Promise<{ items: Item<T>[]; cursor?: string }> {
    const limit = options.limit ?? DEFAULT_QUERY_LIMIT;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_QUERY_LIMIT) {
      throw new ValidationError(`query limit must be an integer in 1..${MAX_QUERY_LIMIT}, got ${limit}`);
    }
    const prefix = options.skPrefix ?? '';
    const after = options.cursor === undefined ? undefined : decodeCursor(options.cursor);
    const desc = options.descending === true;
    const rows = this.db
      .prepare(
        `SELECT pk, sk, version, data FROM items
          WHERE pk = @pk AND sk >= @prefix AND substr(sk, 1, length(@prefix)) = @prefix
            AND (@after IS NULL OR ${desc ? 'sk < @after' : 'sk > @after'})
          ORDER BY sk ${desc ? 'DESC' : 'ASC'} LIMIT @take`,
      )
      .all({ pk, prefix, after: after ?? null, take: limit + 1 }) as ItemRow[];
    const page = rows.slice(0, limit).map((r) => toItem<T>(r));
    const last = page[page.length - 1];
    return rows.length > limit && last ? { items: page, cursor: encodeCursor(last.sk) } : { items: page };
  }

  private version(pk: string, sk: string): number | undefined {
    const row = this.db.prepare('SELECT version FROM items WHERE pk = ? AND sk = ?').get(pk, sk) as { version: number } | undefined;
    return row?.version;
  }
}

function checkExpected(current: number | undefined, expected: number | null | undefined, pk: string, sk: string): void {
  if (expected === undefined) return;
  const ok = expected === null ? current === undefined : current === expected;
  if (!ok) {
    throw new ConditionFailedError(`conditional write failed for ${pk} / ${sk}: expected version ${expected}, found ${current ?? 'none'}`, {
      details: { pk, sk, expectedVersion: expected, actualVersion: current ?? null },
    });
  }
}

function expiryMs(expiresAt: Date | undefined): number | null {
  if (expiresAt === undefined) return null;
  const ms = expiresAt instanceof Date ? expiresAt.getTime() : Number.NaN;
  if (!Number.isFinite(ms)) throw new ValidationError('expiresAt is not a valid date', { details: { field: 'expiresAt' } });
  return ms;
}

function serialise(data: object): string {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new ValidationError('metadata item data must be a JSON object');
  }
  return JSON.stringify(data);
}

function toItem<T extends object>(row: ItemRow): Item<T> {
  return { pk: row.pk, sk: row.sk, version: row.version, data: JSON.parse(row.data) as T };
}

/** Cursors are opaque to callers: base64url of the last sort key returned. */
function encodeCursor(sk: string): string {
  return Buffer.from(JSON.stringify({ sk }), 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): string {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { sk?: unknown };
    if (typeof parsed.sk === 'string') return parsed.sk;
  } catch {
    // fall through to the validation error below
  }
  throw new ValidationError('invalid pagination cursor', { details: { cursor } });
}
