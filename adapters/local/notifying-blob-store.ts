import type { BlobInfo, BlobStore, ByteRange } from '../../core/ports/blob-store';
import type { ObjectCreated } from '../../core/jobs/tasks';

/**
 * A BlobStore that reports "object created" after each successful write of a key that
 * `watch` selects — the local counterpart of S3 event notifications (ObjectCreated:Put and
 * CompleteMultipartUpload). The notification is sent after the bytes are durable; if it
 * fails, the write's caller sees the error and can retry (the write itself is idempotent).
 */
export class NotifyingBlobStore implements BlobStore {
  constructor(
    private readonly inner: BlobStore,
    private readonly watch: (key: string) => boolean,
    private readonly notify: (event: ObjectCreated) => Promise<unknown>,
  ) {}

  async put(key: string, body: Uint8Array | string, options?: { contentType?: string }): Promise<void> {
    await this.inner.put(key, body, options);
    await this.emit(key);
  }

  async putFile(key: string, filePath: string, options?: { contentType?: string }): Promise<void> {
    await this.inner.putFile(key, filePath, options);
    await this.emit(key);
  }

  get(key: string): Promise<Uint8Array> {
    return this.inner.get(key);
  }

  getRange(key: string, start: number, end: number): Promise<Uint8Array> {
    return this.inner.getRange(key, start, end);
  }

  head(key: string): Promise<BlobInfo | undefined> {
    return this.inner.head(key);
  }

  list(prefix: string): Promise<string[]> {
    return this.inner.list(prefix);
  }

  delete(key: string): Promise<void> {
    return this.inner.delete(key);
  }

  deleteByPrefix(prefix: string): Promise<number> {
    return this.inner.deleteByPrefix(prefix);
  }

  materialize(key: string, scratchDir: string, options?: { ranges?: readonly ByteRange[] }): Promise<string> {
    return this.inner.materialize(key, scratchDir, options);
  }

  private async emit(key: string): Promise<void> {
    if (!this.watch(key)) return;
    const info = await this.inner.head(key);
    if (!info) return;
    await this.notify({ type: 'ObjectCreated', key, bytes: info.bytes, etag: info.etag });
  }
}
