import Database from 'better-sqlite3';
import { chmodSync, closeSync, existsSync, openSync } from 'node:fs';
import path from 'node:path';
import { mkdirPrivateSync, PRIVATE_FILE_MODE } from './private-fs';

/** A better-sqlite3 connection; one per process (several processes may share the file). */
export type SqliteDb = Database.Database;

/**
 * How long a connection waits for another process's write lock before failing with
 * SQLITE_BUSY. Our transactions last microseconds; 10 s only matters under heavy contention.
 */
const BUSY_TIMEOUT_MS = 10_000;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS queue_messages (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  queue TEXT NOT NULL,
  id TEXT NOT NULL UNIQUE,
  body TEXT NOT NULL,
  visible_at INTEGER NOT NULL,
  receive_count INTEGER NOT NULL DEFAULT 0,
  receipt TEXT,
  sent_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS queue_messages_ready ON queue_messages (queue, seq, visible_at);
CREATE TABLE IF NOT EXISTS items (
  pk TEXT NOT NULL,
  sk TEXT NOT NULL,
  version INTEGER NOT NULL,
  data TEXT NOT NULL,
  expires_at INTEGER,
  PRIMARY KEY (pk, sk)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS item_sets (
  pk TEXT NOT NULL,
  sk TEXT NOT NULL,
  set_name TEXT NOT NULL,
  member TEXT NOT NULL,
  PRIMARY KEY (pk, sk, set_name, member)
) WITHOUT ROWID;
`;

/**
 * Opens (creating if needed) the SQLite file that holds the local queues and records, in
 * WAL mode with a busy timeout so several processes (`lvu serve`, `lvu worker`) can share
 * it. Every committed transaction survives a process crash or restart. With
 * `synchronous: 'normal'` (the default) a power cut may lose the last few commits — but
 * only a suffix of them, in commit order, so a worker's ack is never kept while the
 * fan-in update before it is lost: the task is simply delivered again. `'full'` fsyncs
 * every commit (about 5 ms each on a busy disk, instead of ~0.1 ms). The file is owner-only
 * (0600); SQLite gives its `-wal` and `-shm` files the database file's mode.
 */
export function openSqlite(file: string, options: { synchronous?: 'normal' | 'full' } = {}): SqliteDb {
  if (file !== ':memory:') createPrivate(file);
  const db = new Database(file);
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${options.synchronous === 'full' ? 'FULL' : 'NORMAL'}`);
  immediate(db, () => {
    db.exec(SCHEMA);
    migrate(db);
  });
  return db;
}

/**
 * Brings a file made by an older lvu up to the current schema: `items.expires_at` (epoch ms
 * after which the store removes the item; NULL = never) came after the first release.
 */
function migrate(db: SqliteDb): void {
  const columns = db.prepare('PRAGMA table_info(items)').all() as { name: string }[];
  if (!columns.some((c) => c.name === 'expires_at')) db.exec('ALTER TABLE items ADD COLUMN expires_at INTEGER');
  db.exec('CREATE INDEX IF NOT EXISTS items_expiry ON items (expires_at) WHERE expires_at IS NOT NULL');
}

/** Creates the database file owner-only before SQLite opens it (and closes an older 0644 one). */
function createPrivate(file: string): void {
  mkdirPrivateSync(path.dirname(path.resolve(file)));
  closeSync(openSync(file, 'a', PRIVATE_FILE_MODE));
  for (const f of [file, `${file}-wal`, `${file}-shm`]) if (existsSync(f)) chmodSync(f, PRIVATE_FILE_MODE);
}

/**
 * Runs `fn` inside `BEGIN IMMEDIATE … COMMIT`: the write lock is taken up front, so two
 * processes never both read-then-write the same rows (no lost updates, no deadlock upgrade).
 */
export function immediate<T>(db: SqliteDb, fn: () => T): T {
  return db.transaction(fn).immediate();
}
