import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
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
