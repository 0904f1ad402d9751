/**
 * Task heads kept in a directory, for the offline commands that work on analysis folders
 * (`lvu train head` writes, `lvu analyze` reads): one JSON per task (`<dir>/<task>.json`)
 * in the platform's head format. The platform itself keeps heads in its BlobStore
 * (core/tasks HeadStore); this is the CLI's file I/O, kept out of `stages/`.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StoredHead } from '../core/tasks/contracts';
import { decodeStoredHead, encodeStoredHead } from '../stages/transformer/head-store';

/** The default heads directory: `$LVU_HEADS_DIR`, else `.lvu/heads` under the working directory. */
export function defaultHeadsDir(env: Record<string, string | undefined> = process.env): string {
  return env['LVU_HEADS_DIR'] ?? join('.lvu', 'heads');
}

/** Writes `<dir>/<task>.json` atomically. */
export function writeHead(dir: string, h: StoredHead): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${h.task.name}.json`);
  writeFileSync(`${path}.tmp-${process.pid}`, encodeStoredHead(h));
  renameSync(`${path}.tmp-${process.pid}`, path);
  return path;
}

/** Every head in a directory, by task name (a missing directory holds none). */
export function readHeads(dir: string): Map<string, StoredHead> {
  if (!existsSync(dir)) return new Map();
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort();
  return new Map(
    files.map((f) => {
      const h = decodeStoredHead(readFileSync(join(dir, f), 'utf8'), join(dir, f));
      return [h.task.name, h] as const;
    }),
  );
}
