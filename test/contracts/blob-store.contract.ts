import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hasCode } from '../../core/errors';
import type { BlobStore } from '../../core/ports/blob-store';

/** What an adapter's test file hands the suite: a fresh, empty store per test. */
export interface BlobStoreFixture {
  store: BlobStore;
  cleanup: () => Promise<void>;
  /** Closes and reopens the same storage (durability check); omit where meaningless. */
  reopen?: () => Promise<BlobStore>;
}

const text = (bytes: Uint8Array): string => Buffer.from(bytes).toString('utf8');

/** Expects `promise` to reject with an LvuError carrying `code`. */
async function expectCode(promise: Promise<unknown>, code: string): Promise<void> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err, `expected rejection with ${code}`).toBeDefined();
  expect(hasCode(err, code), `expected code ${code}, got ${String(err)}`).toBe(true);
}

/**
 * The BlobStore contract: every adapter (filesystem, S3) must pass it. Call it from a test
 * file with a factory that returns an empty store and a cleanup.
 *
 * @example
 * blobStoreContract('fs', async () => { const dir = await mkdtemp(...); return { store: await FsBlobStore.open(dir), cleanup: () => rm(dir, {recursive: true}) }; });
 */
export function blobStoreContract(name: string, makeStore: () => Promise<BlobStoreFixture>): void {
  describe(`BlobStore contract: ${name}`, () => {
    let fx: BlobStoreFixture;
    let scratch: string;
    beforeEach(async () => {
      fx = await makeStore();
      scratch = await mkdtemp(path.join(tmpdir(), 'lvu-blob-contract-'));
    });
    afterEach(async () => {
      await fx.cleanup();
      await rm(scratch, { recursive: true, force: true });
    });

    describe('put, get and head', () => {
      it('round-trips strings and bytes and reports size and content type', async () => {
        // Prepare
        const bytes = new Uint8Array([0, 1, 2, 253, 254, 255]);
        // Act
        await fx.store.put('videos/v1/probe.json', '{"a":1}', { contentType: 'application/json' });
        await fx.store.put('videos/v1/raw.bin', bytes);
        // Assess
        expect(text(await fx.store.get('videos/v1/probe.json'))).toBe('{"a":1}');
        expect(Array.from(await fx.store.get('videos/v1/raw.bin'))).toEqual(Array.from(bytes));
        const info = await fx.store.head('videos/v1/probe.json');
        expect(info).toMatchObject({ key: 'videos/v1/probe.json', bytes: 7, contentType: 'application/json' });
        expect(info?.etag).toEqual(expect.any(String));
      });

      it('overwrites the whole object (no stale tail) and changes the etag', async () => {
        await fx.store.put('k/obj', 'a much longer first version');
        const before = await fx.store.head('k/obj');
        await fx.store.put('k/obj', 'short');
        expect(text(await fx.store.get('k/obj'))).toBe('short');
        expect((await fx.store.head('k/obj'))?.bytes).toBe(5);
        expect((await fx.store.head('k/obj'))?.etag).not.toBe(before?.etag);
      });

      it('never lets a reader see a mix of two concurrent writes', async () => {
        // Prepare: two 256 KiB bodies that differ in every byte.
        const size = 256 * 1024;
        const a = new Uint8Array(size).fill(97);
        const b = new Uint8Array(size).fill(98);
        await fx.store.put('atomic/obj', a);
        // Act: alternate writers while readers read.
        const writes = Array.from({ length: 8 }, (_, i) => fx.store.put('atomic/obj', i % 2 ? a : b));
        const reads = Array.from({ length: 16 }, () => fx.store.get('atomic/obj'));
        const [, seen] = await Promise.all([Promise.all(writes), Promise.all(reads)]);
        // Assess: each read is one whole version.
        for (const body of seen) {
          expect(body.length).toBe(size);
          expect(body.every((x) => x === body[0])).toBe(true);
        }
      });

      it('stores a local file with putFile', async () => {
        const file = path.join(scratch, 'src.bin');
        await writeFile(file, 'file body');
        await fx.store.putFile('videos/v1/source', file, { contentType: 'video/mp4' });
        expect(text(await fx.store.get('videos/v1/source'))).toBe('file body');
        expect(await fx.store.head('videos/v1/source')).toMatchObject({ bytes: 9, contentType: 'video/mp4' });
      });
    });

    describe('ranges', () => {
      const cases: { name: string; start: number; end: number; want: string }[] = [
        { name: 'middle slice', start: 2, end: 5, want: '234' },
        { name: 'from zero', start: 0, end: 3, want: '012' },
        { name: 'end clamped to the size', start: 7, end: 100, want: '789' },
        { name: 'empty range', start: 4, end: 4, want: '' },
        { name: 'start past the end', start: 20, end: 30, want: '' },
      ];
      for (const c of cases) {
        it(`reads ${c.name}`, async () => {
          await fx.store.put('r/digits', '0123456789');
          expect(text(await fx.store.getRange('r/digits', c.start, c.end))).toBe(c.want);
        });
      }
    });

    describe('absent objects', () => {
      it('get, getRange and materialize reject with NOT_FOUND; head is undefined; delete is a no-op', async () => {
        await expectCode(fx.store.get('nope/x'), 'NOT_FOUND');
        await expectCode(fx.store.getRange('nope/x', 0, 10), 'NOT_FOUND');
        await expectCode(fx.store.materialize('nope/x', scratch), 'NOT_FOUND');
        expect(await fx.store.head('nope/x')).toBeUndefined();
        await expect(fx.store.delete('nope/x')).resolves.toBeUndefined();
      });

      it('a deleted object is gone', async () => {
        await fx.store.put('d/x', 'x');
        await fx.store.delete('d/x');
        await expectCode(fx.store.get('d/x'), 'NOT_FOUND');
        expect(await fx.store.list('d/')).toEqual([]);
      });
    });

    describe('keys', () => {
      const bad = ['', '/abs', 'a/../b', '../escape', 'a//b', './a', 'trailing/'];
      for (const key of bad) {
        it(`rejects the invalid key ${JSON.stringify(key)}`, async () => {
          await expectCode(fx.store.put(key, 'x'), 'VALIDATION_FAILED');
        });
      }
    });

    describe('list and prefix delete', () => {
      it('lists keys under a prefix in ascending order, partial segments included', async () => {
        for (const k of ['videos/b/source', 'videos/a/shots.json', 'videos/a/chunks/1/shots.json', 'videos/ab/x', 'other/y']) {
          await fx.store.put(k, k);
        }
        expect(await fx.store.list('videos/a/')).toEqual(['videos/a/chunks/1/shots.json', 'videos/a/shots.json']);
        expect(await fx.store.list('videos/a')).toEqual(['videos/a/chunks/1/shots.json', 'videos/a/shots.json', 'videos/ab/x']);
        expect(await fx.store.list('nothing/')).toEqual([]);
      });

      it('deleteByPrefix removes only that prefix and counts what it removed', async () => {
        for (const k of ['videos/a/source', 'videos/a/chunks/0/shots.json', 'videos/a/chunks/1/shots.json', 'videos/ab/source']) {
          await fx.store.put(k, 'x');
        }
        expect(await fx.store.deleteByPrefix('videos/a/')).toBe(3);
        expect(await fx.store.list('videos/')).toEqual(['videos/ab/source']);
        expect(await fx.store.deleteByPrefix('videos/a/')).toBe(0);
      });
    });

    describe('materialize', () => {
      it('returns a readable local path holding the bytes', async () => {
        await fx.store.put('videos/v/source', 'movie bytes');
        const file = await fx.store.materialize('videos/v/source', scratch);
        expect(await readFile(file, 'utf8')).toBe('movie bytes');
      });
    });

    describe('durability', () => {
      it('keeps objects and content types across a reopen', async () => {
        if (!fx.reopen) {
          // The adapter has no notion of reopening (documented by omitting `reopen`).
          expect(fx.reopen).toBeUndefined();
          return;
        }
        await fx.store.put('durable/x', 'still here', { contentType: 'text/plain' });
        const reopened = await fx.reopen();
        expect(text(await reopened.get('durable/x'))).toBe('still here');
        expect((await reopened.head('durable/x'))?.contentType).toBe('text/plain');
      });
    });
  });
}
