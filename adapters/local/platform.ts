import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { LvuError } from '../../core/errors';
import type { PlatformConfig, PlatformDeps } from '../../core/jobs/deps';
import { videoIdFromSourceKey } from '../../core/jobs/model';
import type { PlatformEvent } from '../../core/ports/events';
import type { WorkQueue } from '../../core/ports/work-queue';
import { MetadataEventLog } from './event-log';
import { FsBlobStore } from './fs-blob-store';
import { NotifyingBlobStore } from './notifying-blob-store';
import { LocalPresigner } from './presigner';
import { mkdirPrivate, PRIVATE_FILE_MODE } from './private-fs';
import { openSqlite } from './sqlite';
import { SqliteMetadataStore } from './sqlite-metadata-store';
import { SqliteWorkQueue } from './sqlite-work-queue';

/** Object-created events are cheap to retry; a few attempts before the ingest DLQ. */
const INGEST_MAX_RECEIVES = 5;

/** The embedded deployment's ports, plus what only local processes need. */
export interface LocalPlatform {
  deps: PlatformDeps;
  /** Object-created events from the blob store (S3 → SQS `ingest` on AWS). */
  ingest: WorkQueue;
  presigner: LocalPresigner;
  dataDir: string;
  /** Temp space for uploads in flight and multipart assembly (same disk as the blobs). */
  scratchDir: string;
  close(): void;
}

export interface LocalPlatformOptions {
  dataDir: string;
  config: PlatformConfig;
  /** Origin of the running API, for signed URLs; processes that never sign may omit it. */
  baseUrl?: () => string;
  now?: () => Date;
  onEvent?: (event: PlatformEvent) => void;
}

/**
 * Opens (creating on first use) a data dir: `blobs/` (filesystem BlobStore), `lvu.db`
 * (SQLite queues and records, shared by `lvu serve` and any number of `lvu worker`
 * processes), `signing.key` (the HMAC secret of local upload/download URLs) and `scratch/`.
 * All of it is owner-only (directories 0700, files 0600).
 */
export async function openLocalPlatform(options: LocalPlatformOptions): Promise<LocalPlatform> {
  const dataDir = path.resolve(options.dataDir);
  const scratchDir = path.join(dataDir, 'scratch');
  await mkdirPrivate(dataDir);
  await mkdirPrivate(scratchDir);
  const now = options.now ?? (() => new Date());
  const db = openSqlite(path.join(dataDir, 'lvu.db'));
  const maxReceiveCount = options.config.maxAttempts;
  const ingest = new SqliteWorkQueue(db, 'ingest', { maxReceiveCount: INGEST_MAX_RECEIVES });
  const queues = {
    cpu: new SqliteWorkQueue(db, 'cpu-tasks', { maxReceiveCount }),
    gpu: new SqliteWorkQueue(db, 'gpu-tasks', { maxReceiveCount }),
  };
  const rawBlobs = await FsBlobStore.open(path.join(dataDir, 'blobs'));
  const blobs = new NotifyingBlobStore(
    rawBlobs,
    (key) => videoIdFromSourceKey(key) !== undefined,
    (event) => ingest.send(event),
  );
  const baseUrl =
    options.baseUrl ??
    (() => {
      throw new LvuError('NOT_CONFIGURED', 'this process has no public URL to sign blob links with');
    });
  const presigner = new LocalPresigner(blobs, { baseUrl, secret: await signingKey(dataDir), scratchDir, now });
  const meta = new SqliteMetadataStore(db, { now });
  const events = new MetadataEventLog(meta, options.onEvent);
  const deps: PlatformDeps = { blobs, meta, queues, presigner, events, config: options.config, now };
  return { deps, ingest, presigner, dataDir, scratchDir, close: () => db.close() };
}

/** Reads the data dir's HMAC key, creating it once (exclusive create: safe between processes). */
async function signingKey(dataDir: string): Promise<Buffer> {
  const file = path.join(dataDir, 'signing.key');
  try {
    await fs.writeFile(file, randomBytes(32), { flag: 'wx', mode: PRIVATE_FILE_MODE });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  for (let attempt = 0; attempt < 50; attempt++) {
    const key = await fs.readFile(file);
    if (key.length === 32) return key;
    // Another process created the file a moment ago and is still writing it.
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new LvuError('CORRUPT_DATA_DIR', `${file} is not a 32-byte key; remove it to create a new one`);
}
