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

/**
 * SQLite MetadataStore: rows `(pk, sk, version, data JSON)` plus a `(pk, sk, set, member)`
 * table for addToSet. Conditional writes run inside `BEGIN IMMEDIATE`, so the version check
 * and the write are atomic across every process sharing the file.
 *
 * @example
 * const v = await store.put('tenant#acme', 'video#v1', { status: 'queued' }, { expectedVersion: null });
 * await store.put('tenant#acme', 'video#v1', { status: 'processing' }, { expectedVersion: v });
 */
export class SqliteMetadataStore implements MetadataStore {
  constructor(private readonly db: SqliteDb) {}

  async get<T extends object = Record<string, unknown>>(pk: string, sk: string): Promise<Item<T> | undefined> {
    const row = this.db.prepare('SELECT pk, sk, version, data FROM items WHERE pk = ? AND sk = ?').get(pk, sk) as ItemRow | undefined;
    return row ? toItem<T>(row) : undefined;
  }

  /** `expiresAt` is accepted and not enforced: a local data dir has no TTL sweeper (the item stays). */
  async put<T extends object>(
    pk: string,
    sk: string,
    data: T,
    options: { expectedVersion?: number | null; expiresAt?: Date; mustExist?: boolean } = {},
  ): Promise<number> {
    const json = serialise(data);
    return immediate(this.db, () => {
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
          `INSERT INTO items (pk, sk, version, data) VALUES (?, ?, ?, ?)
           ON CONFLICT (pk, sk) DO UPDATE SET version = excluded.version, data = excluded.data`,
        )
        .run(pk, sk, next, json);
      return next;
    });
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
