import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it, vi } from 'vitest';
import { hasCode } from '../core/errors';
import { FsBlobStore, openSqlite, SqliteMetadataStore, SqliteWorkQueue, type SqliteDb } from '../adapters/local';
import { blobStoreContract, metadataStoreContract, workQueueContract } from './contracts';

async function tempDir(label: string): Promise<string> {
  return mkdtemp(path.join(tmpdir(), `lvu-${label}-`));
}

/** Opens a database and remembers every connection so cleanup closes them all. */
function connections(file: string): { open: () => SqliteDb; closeAll: () => void } {
  const open: SqliteDb[] = [];
  return {
    open: () => {
      const db = openSqlite(file);
      open.push(db);
      return db;
    },
    closeAll: () => open.splice(0).forEach((db) => db.open && db.close()),
  };
}

blobStoreContract('local filesystem', async () => {
  const dir = await tempDir('blobs');
  return {
    store: await FsBlobStore.open(dir),
    cleanup: () => rm(dir, { recursive: true, force: true }),
    reopen: () => FsBlobStore.open(dir),
  };
});

workQueueContract('local SQLite', async (options) => {
  const dir = await tempDir('queue');
  const conns = connections(path.join(dir, 'lvu.db'));
  let db = conns.open();
  return {
    queue: new SqliteWorkQueue(db, 'tasks', options),
    cleanup: async () => {
      conns.closeAll();
      await rm(dir, { recursive: true, force: true });
    },
    reopen: async () => {
      db.close();
      db = conns.open();
      return new SqliteWorkQueue(db, 'tasks', options);
    },
  };
});

metadataStoreContract('local SQLite', async () => {
  const dir = await tempDir('meta');
  const conns = connections(path.join(dir, 'lvu.db'));
  let db = conns.open();
  return {
    store: new SqliteMetadataStore(db),
    cleanup: async () => {
      conns.closeAll();
      await rm(dir, { recursive: true, force: true });
    },
    reopen: async () => {
      db.close();
      db = conns.open();
      return new SqliteMetadataStore(db);
    },
  };
});

describe('local adapters: several connections on one database file (as several processes)', () => {
  it('hands each message to exactly one of two competing receivers', async () => {
    // Prepare
    const dir = await tempDir('shared');
    const conns = connections(path.join(dir, 'lvu.db'));
    const a = new SqliteWorkQueue(conns.open(), 'gpu', { maxReceiveCount: 3 });
    const b = new SqliteWorkQueue(conns.open(), 'gpu', { maxReceiveCount: 3 });
    for (let n = 0; n < 40; n++) await (n % 2 ? a : b).send({ n });
    // Act
    const seen: number[] = [];
    for (let round = 0; round < 20; round++) {
      const [fromA, fromB] = await Promise.all([
        a.receive({ maxMessages: 3, visibilitySec: 60 }),
        b.receive({ maxMessages: 3, visibilitySec: 60 }),
      ]);
      seen.push(...[...fromA, ...fromB].map((m) => (m.body as { n: number }).n));
    }
    // Assess
    expect(seen.sort((x, y) => x - y)).toEqual(Array.from({ length: 40 }, (_, n) => n));
    conns.closeAll();
    await rm(dir, { recursive: true, force: true });
  });

  it('counts a fan-in member once even when two connections add it', async () => {
    const dir = await tempDir('shared-set');
    const conns = connections(path.join(dir, 'lvu.db'));
    const a = new SqliteMetadataStore(conns.open());
    const b = new SqliteMetadataStore(conns.open());
    await a.addToSet('video#v', 'job', 'chunks', '0');
    const dup = await b.addToSet('video#v', 'job', 'chunks', '0');
    expect(dup).toEqual({ added: false, size: 1 });
    await a.put('video#v', 'meta', { status: 'x' }, { expectedVersion: null });
    const err = await b.put('video#v', 'meta', { status: 'y' }, { expectedVersion: null }).catch((e: unknown) => e);
    expect(hasCode(err, 'CONDITION_FAILED')).toBe(true);
    conns.closeAll();
    await rm(dir, { recursive: true, force: true });
  });
});

describe('local SQLite metadata store: expiry (as DynamoDB TTL)', () => {
  const DAY = 24 * 3600 * 1000;

  async function store(clock: { t: number }, sweepIntervalMs?: number) {
    const dir = await tempDir('expiry');
    const conns = connections(path.join(dir, 'lvu.db'));
    const db = conns.open();
    const meta = new SqliteMetadataStore(db, { now: () => new Date(clock.t), sweepIntervalMs });
    return {
      db,
      meta,
      conns,
      cleanup: async () => {
        conns.closeAll();
        await rm(dir, { recursive: true, force: true });
      },
    };
  }

  it('removes items (and their sets) once their expiry has passed, and only those', async () => {
    const clock = { t: Date.UTC(2026, 0, 1) };
    const s = await store(clock);
    await s.meta.put('video#gone', 'owner', { deletedAt: 'x' }, { expiresAt: new Date(clock.t + 14 * DAY) });
    await s.meta.addToSet('video#gone', 'owner', 'chunks', '0');
    await s.meta.put('video#later', 'owner', { deletedAt: 'y' }, { expiresAt: new Date(clock.t + 20 * DAY) });
    await s.meta.put('video#kept', 'meta', { status: 'done' });
    expect(s.meta.removeExpired(new Date(clock.t + 14 * DAY - 1))).toBe(0);
    expect(s.meta.removeExpired(new Date(clock.t + 14 * DAY))).toBe(1);
    expect(await s.meta.get('video#gone', 'owner')).toBeUndefined();
    expect(await s.meta.getSet('video#gone', 'owner', 'chunks')).toEqual([]);
    expect((await s.meta.get('video#later', 'owner'))?.data).toEqual({ deletedAt: 'y' });
    expect((await s.meta.get('video#kept', 'meta'))?.data).toEqual({ status: 'done' });
    await s.cleanup();
  });

  it('a write without expiresAt keeps the earlier expiry; a later expiresAt replaces it', async () => {
    const clock = { t: Date.UTC(2026, 0, 1) };
    const s = await store(clock);
    await s.meta.put('video#a', 'owner', { n: 1 }, { expiresAt: new Date(clock.t + DAY) });
    await s.meta.put('video#a', 'owner', { n: 2 });
    await s.meta.put('video#b', 'owner', { n: 1 }, { expiresAt: new Date(clock.t + DAY) });
    await s.meta.put('video#b', 'owner', { n: 2 }, { expiresAt: new Date(clock.t + 3 * DAY) });
    expect(s.meta.removeExpired(new Date(clock.t + 2 * DAY))).toBe(1);
    expect(await s.meta.get('video#a', 'owner')).toBeUndefined();
    expect((await s.meta.get('video#b', 'owner'))?.data).toEqual({ n: 2 });
    await s.cleanup();
  });

  it('writes sweep expired items on their own, at most once per interval', async () => {
    const clock = { t: Date.UTC(2026, 0, 1) };
    const s = await store(clock, 3600_000);
    await s.meta.put('video#t', 'owner', { x: 1 }, { expiresAt: new Date(clock.t + 1000) }); // first write sweeps (nothing due)
    clock.t += 2000; // expired, but the last sweep was 2 s ago
    await s.meta.put('other', 'x', { y: 1 });
    expect(await s.meta.get('video#t', 'owner')).toBeDefined();
    clock.t += 3600_000;
    await s.meta.put('other', 'x', { y: 2 });
    expect(await s.meta.get('video#t', 'owner')).toBeUndefined();
    await s.cleanup();
  });

  it('a write whose sweep fails still succeeds (the sweep runs after the write has committed)', async () => {
    const clock = { t: Date.UTC(2026, 0, 1) };
    const s = await store(clock);
    const sweep = vi.spyOn(s.meta, 'removeExpired').mockImplementationOnce(() => {
      throw new Error('database is locked');
    });
    expect(await s.meta.put('video#w', 'meta', { n: 1 }, { expectedVersion: null })).toBe(1);
    expect(sweep).toHaveBeenCalledTimes(1);
    expect((await s.meta.get('video#w', 'meta'))?.version).toBe(1);
    await s.cleanup();
  });

  it('refuses an invalid expiresAt, naming the field', async () => {
    const s = await store({ t: Date.UTC(2026, 0, 1) });
    const err = await s.meta.put('p', 's', {}, { expiresAt: new Date(Number.NaN) }).catch((e: unknown) => e);
    expect(hasCode(err, 'VALIDATION_FAILED')).toBe(true);
    expect(String((err as Error).message)).toContain('expiresAt');
    expect(await s.meta.get('p', 's')).toBeUndefined();
    await s.cleanup();
  });

  it('brings an older database file (no expires_at column) up to date and keeps its rows', async () => {
    const dir = await tempDir('expiry-migrate');
    const file = path.join(dir, 'lvu.db');
    const old = new Database(file);
    old.exec(`CREATE TABLE items (pk TEXT NOT NULL, sk TEXT NOT NULL, version INTEGER NOT NULL, data TEXT NOT NULL,
      PRIMARY KEY (pk, sk)) WITHOUT ROWID;
      INSERT INTO items VALUES ('video#old', 'owner', 3, '{"deletedAt":"2025-01-01"}');`);
    old.close();
    const db = openSqlite(file);
    const meta = new SqliteMetadataStore(db, { now: () => new Date(Date.UTC(2026, 0, 1)) });
    expect(await meta.get('video#old', 'owner')).toEqual({ pk: 'video#old', sk: 'owner', version: 3, data: { deletedAt: '2025-01-01' } });
    await meta.put('video#old', 'owner', { deletedAt: '2025-01-01' }, { expiresAt: new Date(Date.UTC(2026, 0, 2)) });
    expect(meta.removeExpired(new Date(Date.UTC(2026, 0, 3)))).toBe(1);
    db.close();
    await rm(dir, { recursive: true, force: true });
  });
});

describe('local filesystem blob store specifics', () => {
  it("rejects a key that is also another key's directory, and leaves no temp files", async () => {
    const dir = await tempDir('blob-conflict');
    const store = await FsBlobStore.open(dir);
    await store.put('a/b', 'x');
    const err = await store.put('a', 'y').catch((e: unknown) => e);
    expect(hasCode(err, 'INVALID_KEY')).toBe(true);
    expect(await readdir(path.join(dir, 'tmp'))).toEqual([]);
    await rm(dir, { recursive: true, force: true });
  });

  it('materialize returns the stored file itself (no copy)', async () => {
    const dir = await tempDir('blob-mat');
    const store = await FsBlobStore.open(dir);
    await store.put('videos/v/source', 'bytes');
    expect(await store.materialize('videos/v/source', '/nonexistent-scratch')).toBe(path.join(dir, 'objects', 'videos', 'v', 'source'));
    await rm(dir, { recursive: true, force: true });
  });
});

describe('local SQLite queue across real processes', () => {
  it('two consumer processes drain one queue with every message delivered exactly once', async () => {
    // Prepare
    const dir = await tempDir('procs');
    const file = path.join(dir, 'lvu.db');
    const db = openSqlite(file);
    const queue = new SqliteWorkQueue(db, 'shared', { maxReceiveCount: 3 });
    for (let n = 0; n < 200; n++) await queue.send({ n });
    const script = path.join(import.meta.dirname, 'platform', 'fixtures', 'queue-consumer.ts');
    // Act
    const outputs = await Promise.all([runConsumer(script, file), runConsumer(script, file)]);
    // Assess
    const seen = outputs.flatMap((o) => o.split('\n').filter(Boolean).map(Number));
    expect(seen.sort((x, y) => x - y)).toEqual(Array.from({ length: 200 }, (_, n) => n));
    expect(await queue.depth()).toEqual({ visible: 0, inFlight: 0 });
    db.close();
    await rm(dir, { recursive: true, force: true });
  });
});

function runConsumer(script: string, dbFile: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['--import', 'tsx', script, dbFile], { cwd: path.join(import.meta.dirname, '..') }, (err, stdout, stderr) =>
      err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(stdout),
    );
  });
}
