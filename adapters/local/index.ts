/**
 * The embedded (single-machine) adapters: blobs on the filesystem, queues and records in
 * one SQLite file shared by every local process.
 */
export { FsBlobStore } from './fs-blob-store';
export { openSqlite, immediate, type SqliteDb } from './sqlite';
export { SqliteWorkQueue } from './sqlite-work-queue';
export { SqliteMetadataStore } from './sqlite-metadata-store';
export { LocalPresigner, type SignedGrant } from './presigner';
export { NotifyingBlobStore } from './notifying-blob-store';
export { MetadataEventLog, EVENTS_PK } from './event-log';
export { openLocalPlatform, type LocalPlatform, type LocalPlatformOptions } from './platform';
