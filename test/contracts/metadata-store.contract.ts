import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hasCode } from '../../core/errors';
import type { Item, MetadataStore } from '../../core/ports/metadata-store';

/** What an adapter's test file hands the suite: a fresh, empty store per test. */
export interface MetadataStoreFixture {
  store: MetadataStore;
  cleanup: () => Promise<void>;
  /** Closes and reopens the same storage (durability check); omit where meaningless. */
  reopen?: () => Promise<MetadataStore>;
}

async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (e: unknown) => e,
  );
}

async function expectConditionFailed(promise: Promise<unknown>): Promise<void> {
  const err = await rejectionOf(promise);
  expect(hasCode(err, 'CONDITION_FAILED'), `expected CONDITION_FAILED, got ${String(err)}`).toBe(true);
}

/** Pages through a query with `limit` and returns every item in order. */
async function queryAll(
  store: MetadataStore,
  pk: string,
  options: { skPrefix?: string; limit: number; descending?: boolean },
): Promise<Item[]> {
  const out: Item[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 100; page++) {
    const res = await store.query(pk, { ...options, ...(cursor ? { cursor } : {}) });
    expect(res.items.length).toBeLessThanOrEqual(options.limit);
    out.push(...res.items);
    cursor = res.cursor;
    if (!cursor) break;
  }
  return out;
}

/**
 * The MetadataStore contract: every adapter (SQLite, DynamoDB) must pass it. The factory
 * returns an empty store (or one scoped to a fresh table / prefix) per test.
 */
export function metadataStoreContract(name: string, makeStore: () => Promise<MetadataStoreFixture>): void {
  describe(`MetadataStore contract: ${name}`, () => {
    let fx: MetadataStoreFixture;
    beforeEach(async () => {
      fx = await makeStore();
    });
    afterEach(async () => {
      await fx.cleanup();
    });

    describe('put and get', () => {
      it('returns undefined for an absent item', async () => {
        expect(await fx.store.get('tenant#a', 'video#none')).toBeUndefined();
      });

      it('stores the data and counts versions from 1', async () => {
        const v1 = await fx.store.put('tenant#a', 'video#1', { status: 'queued', n: 1, tags: ['x'] });
        const v2 = await fx.store.put('tenant#a', 'video#1', { status: 'done' });
        expect([v1, v2]).toEqual([1, 2]);
        expect(await fx.store.get('tenant#a', 'video#1')).toEqual({ pk: 'tenant#a', sk: 'video#1', version: 2, data: { status: 'done' } });
      });
    });

    describe('conditional writes', () => {
      it('expectedVersion null creates only when absent', async () => {
        expect(await fx.store.put('p', 's', { a: 1 }, { expectedVersion: null })).toBe(1);
        await expectConditionFailed(fx.store.put('p', 's', { a: 2 }, { expectedVersion: null }));
        expect((await fx.store.get('p', 's'))?.data).toEqual({ a: 1 });
      });

      it('a number must match the stored version', async () => {
        await fx.store.put('p', 's', { a: 1 });
        await expectConditionFailed(fx.store.put('p', 's', { a: 2 }, { expectedVersion: 7 }));
        await expectConditionFailed(fx.store.put('p', 'absent', { a: 2 }, { expectedVersion: 1 }));
        expect(await fx.store.put('p', 's', { a: 3 }, { expectedVersion: 1 })).toBe(2);
      });

      it('lets exactly one of several racing writers with the same version win', async () => {
        const v = await fx.store.put('p', 'race', { owner: 'none' });
        const results = await Promise.allSettled(
          Array.from({ length: 6 }, (_, i) => fx.store.put('p', 'race', { owner: `w${i}` }, { expectedVersion: v })),
        );
        const winners = results.filter((r) => r.status === 'fulfilled');
        expect(winners).toHaveLength(1);
        for (const r of results) if (r.status === 'rejected') expect(hasCode(r.reason, 'CONDITION_FAILED')).toBe(true);
        expect((await fx.store.get('p', 'race'))?.version).toBe(v + 1);
      });

      it('mustExist updates an item but never creates one (a late write after a delete is refused)', async () => {
        await expectConditionFailed(fx.store.put('p', 'beat', { at: 1 }, { mustExist: true }));
        expect(await fx.store.get('p', 'beat')).toBeUndefined();
        await fx.store.put('p', 'beat', { at: 1 });
        expect(await fx.store.put('p', 'beat', { at: 2 }, { mustExist: true })).toBe(2);
        await fx.store.delete('p', 'beat');
        await expectConditionFailed(fx.store.put('p', 'beat', { at: 3 }, { mustExist: true }));
        expect(await fx.store.get('p', 'beat')).toBeUndefined();
      });

      it('accepts expiresAt (a TTL hint) and keeps the data as written', async () => {
        await fx.store.put('p', 'marker', { k: 'v' }, { expiresAt: new Date(Date.now() + 3_600_000) });
        expect(await fx.store.get('p', 'marker')).toEqual({ pk: 'p', sk: 'marker', version: 1, data: { k: 'v' } });
      });

      it('delete honours expectedVersion and is idempotent without it', async () => {
        await fx.store.put('p', 's', { a: 1 });
        await expectConditionFailed(fx.store.delete('p', 's', { expectedVersion: 9 }));
        await fx.store.delete('p', 's', { expectedVersion: 1 });
        expect(await fx.store.get('p', 's')).toBeUndefined();
        await expect(fx.store.delete('p', 's')).resolves.toBeUndefined();
        await expectConditionFailed(fx.store.delete('p', 's', { expectedVersion: 1 }));
      });
    });

    describe('sets (fan-in counter)', () => {
      it('adding the same member twice counts once', async () => {
        const first = await fx.store.addToSet('video#v', 'job', 'chunksDone', '0');
        const again = await fx.store.addToSet('video#v', 'job', 'chunksDone', '0');
        const other = await fx.store.addToSet('video#v', 'job', 'chunksDone', '1');
        expect([first, again, other]).toEqual([
          { added: true, size: 1 },
          { added: false, size: 1 },
          { added: true, size: 2 },
        ]);
        expect((await fx.store.getSet('video#v', 'job', 'chunksDone')).sort()).toEqual(['0', '1']);
      });

      it('concurrent duplicate adds reach exactly the number of distinct members; one adder sees each size', async () => {
        const members = ['0', '1', '2', '3', '4', '0', '1', '2', '3', '4'];
        const results = await Promise.all(members.map((m) => fx.store.addToSet('video#v', 'job', 'done', m)));
        expect(results.filter((r) => r.added)).toHaveLength(5);
        expect(
          results
            .filter((r) => r.added)
            .map((r) => r.size)
            .sort(),
        ).toEqual([1, 2, 3, 4, 5]);
        expect(await fx.store.getSet('video#v', 'job', 'done')).toHaveLength(5);
      });

      it('sets are independent by name, empty when absent, and survive a put of the item', async () => {
        await fx.store.put('video#v', 'job', { status: 'processing' });
        await fx.store.addToSet('video#v', 'job', 'a', 'x');
        const version = await fx.store.put('video#v', 'job', { status: 'merging' });
        expect(await fx.store.getSet('video#v', 'job', 'a')).toEqual(['x']);
        expect(await fx.store.getSet('video#v', 'job', 'b')).toEqual([]);
        expect((await fx.store.get('video#v', 'job'))?.version).toBe(version);
      });

      it('addToSet leaves version and data alone and creates an item as {version 0, data {}}', async () => {
        await fx.store.addToSet('video#v', 'fresh', 's', 'm');
        expect(await fx.store.get('video#v', 'fresh')).toEqual({ pk: 'video#v', sk: 'fresh', version: 0, data: {} });
        const v = await fx.store.put('video#v', 'kept', { a: 1 });
        await fx.store.addToSet('video#v', 'kept', 's', 'm');
        expect(await fx.store.get('video#v', 'kept')).toMatchObject({ version: v, data: { a: 1 } });
      });

      it('delete removes the item with its sets', async () => {
        await fx.store.addToSet('video#v', 'job', 's', 'm');
        await fx.store.delete('video#v', 'job');
        expect(await fx.store.getSet('video#v', 'job', 's')).toEqual([]);
        expect(await fx.store.get('video#v', 'job')).toBeUndefined();
      });
    });

    describe('query', () => {
      const seed = async (): Promise<void> => {
        for (const sk of ['video#03', 'video#01', 'key#1', 'video#05', 'video#02', 'video#04']) {
          await fx.store.put('tenant#a', sk, { sk });
        }
        await fx.store.put('tenant#b', 'video#01', { other: true });
      };

      it('returns one partition ordered by sort key, filtered by prefix', async () => {
        await seed();
        const res = await fx.store.query('tenant#a', { skPrefix: 'video#' });
        expect(res.items.map((i) => i.sk)).toEqual(['video#01', 'video#02', 'video#03', 'video#04', 'video#05']);
        expect(res.items[0]).toMatchObject({ pk: 'tenant#a', version: 1, data: { sk: 'video#01' } });
        expect((await fx.store.query('tenant#a')).items).toHaveLength(6);
        expect((await fx.store.query('tenant#none')).items).toEqual([]);
      });

      const pageCases = [
        { name: 'ascending', descending: false, want: ['video#01', 'video#02', 'video#03', 'video#04', 'video#05'] },
        { name: 'descending', descending: true, want: ['video#05', 'video#04', 'video#03', 'video#02', 'video#01'] },
      ];
      for (const c of pageCases) {
        it(`paginates ${c.name} with a cursor, no item twice, none lost`, async () => {
          await seed();
          const all = await queryAll(fx.store, 'tenant#a', { skPrefix: 'video#', limit: 2, descending: c.descending });
          expect(all.map((i) => i.sk)).toEqual(c.want);
        });
      }

      it('rejects a malformed cursor with VALIDATION_FAILED', async () => {
        await seed();
        const err = await rejectionOf(fx.store.query('tenant#a', { cursor: '%%not-a-cursor%%' }));
        expect(hasCode(err, 'VALIDATION_FAILED'), String(err)).toBe(true);
      });
    });

    describe('durability', () => {
      it('keeps items and sets across a reopen', async () => {
        if (!fx.reopen) {
          expect(fx.reopen).toBeUndefined();
          return;
        }
        await fx.store.put('p', 's', { kept: true });
        await fx.store.addToSet('p', 's', 'set', 'm');
        const reopened = await fx.reopen();
        expect((await reopened.get('p', 's'))?.data).toEqual({ kept: true });
        expect(await reopened.getSet('p', 's', 'set')).toEqual(['m']);
      });
    });
  });
}
