import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { LvuError, NotFoundError, ValidationError } from '../../core/errors';
import { assertValidKey, type BlobInfo, type BlobStore } from '../../core/ports/blob-store';
import { mkdirPrivate, PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from './private-fs';

/**
 * Filesystem BlobStore. Objects live at `{root}/objects/{key}` (so `materialize` can hand
 * out the real path), content types in `{root}/meta/{key}.json`, and every write goes to
 * `{root}/tmp/` first and is renamed into place: readers see the old bytes or the new,
 * never a mix. Files are fsynced before the rename so an acknowledged write survives a
 * crash. A key that is also the "directory" of another key (`a` and `a/b`) cannot be
 * stored on a filesystem and is rejected with code INVALID_KEY. Directories are created
 * 0700 and files 0600 (see private-fs.ts).
 *
 * @example
 * const store = await FsBlobStore.open('/var/lib/lvu/blobs');
 * await store.put('videos/v1/probe.json', JSON.stringify(probe), { contentType: 'application/json' });
 */
export class FsBlobStore implements BlobStore {
  private readonly objectsDir: string;
  private readonly metaDir: string;
  private readonly tmpDir: string;

  private constructor(readonly root: string) {
    this.objectsDir = path.join(root, 'objects');
    this.metaDir = path.join(root, 'meta');
    this.tmpDir = path.join(root, 'tmp');
  }

  /** Creates the root layout (idempotent) and returns a store over it. */
  static async open(root: string): Promise<FsBlobStore> {
    const store = new FsBlobStore(path.resolve(root));
    await mkdirPrivate(store.root);
    await Promise.all([store.objectsDir, store.metaDir, store.tmpDir].map((d) => mkdirPrivate(d)));
    return store;
  }

  async put(key: string, body: Uint8Array | string, options: { contentType?: string } = {}): Promise<void> {
    const target = this.objectPath(key);
    const tmp = await this.writeTemp(async (fh) => {
      await fh.writeFile(body);
    });
    await this.commit(tmp, target, key);
    await this.writeMeta(key, options.contentType);
  }

  async putFile(key: string, filePath: string, options: { contentType?: string } = {}): Promise<void> {
    const target = this.objectPath(key);
    const tmp = path.join(this.tmpDir, randomUUID());
    try {
      await fs.copyFile(filePath, tmp);
      const fh = await fs.open(tmp, 'r+');
      // copyFile keeps the source's mode; the stored copy is private whatever it was.
      await fh
        .chmod(PRIVATE_FILE_MODE)
        .then(() => fh.sync())
        .finally(() => fh.close());
    } catch (err) {
      await fs.rm(tmp, { force: true });
      if (errno(err) === 'ENOENT') throw new NotFoundError(`source file not found: ${filePath}`, { cause: err });
      throw err;
    }
    await this.commit(tmp, target, key);
    await this.writeMeta(key, options.contentType);
  }

  async get(key: string): Promise<Uint8Array> {
    try {
      return new Uint8Array(await fs.readFile(this.objectPath(key)));
    } catch (err) {
      throw this.mapReadError(err, key);
    }
  }

  async getRange(key: string, start: number, end: number): Promise<Uint8Array> {
    if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end < start) {
      throw new ValidationError(`invalid byte range [${start}, ${end})`, { details: { start, end } });
    }
    let fh: fs.FileHandle;
    try {
      fh = await fs.open(this.objectPath(key), 'r');
    } catch (err) {
      throw this.mapReadError(err, key);
    }
    try {
      const { size } = await fh.stat();
      const length = Math.max(0, Math.min(end, size) - start);
      const buf = new Uint8Array(length);
      let done = 0;
      while (done < length) {
        const { bytesRead } = await fh.read(buf, done, length - done, start + done);
        if (bytesRead === 0) break;
        done += bytesRead;
      }
      return buf.subarray(0, done);
    } finally {
      await fh.close();
    }
  }

  async head(key: string): Promise<BlobInfo | undefined> {
    const stat = await statOrUndefined(this.objectPath(key));
    if (!stat?.isFile()) return undefined;
    const contentType = await this.readMeta(key);
    const info: BlobInfo = { key, bytes: stat.size, etag: `${stat.size}-${Math.floor(stat.mtimeMs)}-${stat.ino}` };
    if (contentType !== undefined) info.contentType = contentType;
    return info;
  }

  async list(prefix: string): Promise<string[]> {
    assertValidPrefix(prefix);
    const slash = prefix.lastIndexOf('/');
    const dirKey = slash >= 0 ? prefix.slice(0, slash) : '';
    const keys = await walk(path.join(this.objectsDir, dirKey), dirKey);
    return keys.filter((k) => k.startsWith(prefix)).sort(compareKeys);
  }

  async delete(key: string): Promise<void> {
    const target = this.objectPath(key);
    await fs.rm(target, { force: true }).catch((err: unknown) => {
      if (errno(err) !== 'EISDIR' && errno(err) !== 'ENOTDIR') throw err;
    });
    await fs.rm(this.metaPath(key), { force: true }).catch(() => undefined);
    await this.pruneEmptyDirs(path.dirname(target), this.objectsDir);
    await this.pruneEmptyDirs(path.dirname(this.metaPath(key)), this.metaDir);
  }

  async deleteByPrefix(prefix: string): Promise<number> {
    const keys = await this.list(prefix);
    for (const key of keys) await this.delete(key);
    return keys.length;
  }

  async materialize(key: string, _scratchDir: string): Promise<string> {
    const target = this.objectPath(key);
    const stat = await statOrUndefined(target);
    if (!stat?.isFile()) throw new NotFoundError(`blob not found: ${key}`, { details: { key } });
    return target;
  }

  private objectPath(key: string): string {
    assertValidKey(key);
    return path.join(this.objectsDir, ...key.split('/'));
  }

  private metaPath(key: string): string {
    return `${path.join(this.metaDir, ...key.split('/'))}.json`;
  }

  /** Opens a fresh temp file, lets `write` fill it, fsyncs and closes it. */
  private async writeTemp(write: (fh: fs.FileHandle) => Promise<void>): Promise<string> {
    const tmp = path.join(this.tmpDir, randomUUID());
    const fh = await fs.open(tmp, 'w', PRIVATE_FILE_MODE);
    try {
      await write(fh);
      await fh.sync();
    } catch (err) {
      await fh.close();
      await fs.rm(tmp, { force: true });
      throw err;
    }
    await fh.close();
    return tmp;
  }

  /**
   * Renames a finished temp file onto its key. Retries when a concurrent delete pruned the
   * parent directory between our mkdir and rename.
   */
  private async commit(tmp: string, target: string, key: string): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        await fs.mkdir(path.dirname(target), { recursive: true, mode: PRIVATE_DIR_MODE });
        await fs.rename(tmp, target);
        return;
      } catch (err) {
        const code = errno(err);
        if (code === 'ENOENT' && attempt < 3) continue;
        await fs.rm(tmp, { force: true });
        if (code === 'ENOTDIR' || code === 'EEXIST' || code === 'EISDIR') {
          throw new LvuError('INVALID_KEY', `blob key conflicts with another key's path: ${key}`, { cause: err, details: { key } });
        }
        throw err;
      }
    }
  }

  private async writeMeta(key: string, contentType: string | undefined): Promise<void> {
    const metaPath = this.metaPath(key);
    if (contentType === undefined) {
      await fs.rm(metaPath, { force: true }).catch(() => undefined);
      return;
    }
    const tmp = await this.writeTemp((fh) => fh.writeFile(JSON.stringify({ contentType })));
    await this.commit(tmp, metaPath, key);
  }

  private async readMeta(key: string): Promise<string | undefined> {
    try {
      const meta = JSON.parse(await fs.readFile(this.metaPath(key), 'utf8')) as { contentType?: unknown };
      return typeof meta.contentType === 'string' ? meta.contentType : undefined;
    } catch {
      return undefined;
    }
  }

  private mapReadError(err: unknown, key: string): unknown {
    const code = errno(err);
    if (code === 'ENOENT' || code === 'EISDIR' || code === 'ENOTDIR') {
      return new NotFoundError(`blob not found: ${key}`, { cause: err, details: { key } });
    }
    return err;
  }

  /** Removes now-empty directories from `dir` up to (not including) `stop`; best effort. */
  private async pruneEmptyDirs(dir: string, stop: string): Promise<void> {
    let current = dir;
    while (current.startsWith(stop + path.sep)) {
      try {
        await fs.rmdir(current);
      } catch {
        return;
      }
      current = path.dirname(current);
    }
  }
}

/** Prefixes may end anywhere (`videos/ab` matches `videos/abc/x`) but never escape. */
function assertValidPrefix(prefix: string): void {
  if (prefix.startsWith('/') || prefix.split('/').some((p) => p === '..' || p === '.')) {
    throw new ValidationError(`invalid blob prefix: ${JSON.stringify(prefix)}`, { details: { prefix } });
  }
}

/** Byte-order comparison, as S3 lists keys (UTF-8 binary order). */
function compareKeys(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

async function walk(dir: string, keyPrefix: string): Promise<string[]> {
  let entries: import('node:fs').Dirent[];
  try {
    entries = await fs.readdir(dir, { withFileTypes: true });
  } catch (err) {
    if (errno(err) === 'ENOENT' || errno(err) === 'ENOTDIR') return [];
    throw err;
  }
  const nested = await Promise.all(
    entries.map(async (entry) => {
      const key = keyPrefix ? `${keyPrefix}/${entry.name}` : entry.name;
      if (entry.isDirectory()) return walk(path.join(dir, entry.name), key);
      return entry.isFile() ? [key] : [];
    }),
  );
  return nested.flat();
}

async function statOrUndefined(p: string): Promise<import('node:fs').Stats | undefined> {
  try {
    return await fs.stat(p);
  } catch (err) {
    if (errno(err) === 'ENOENT' || errno(err) === 'ENOTDIR') return undefined;
    throw err;
  }
}

function errno(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException | undefined)?.code;
}
