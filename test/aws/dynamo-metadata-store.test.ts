import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoMetadataStore, ensureMetadataTable } from '../../adapters/aws';
import { hasCode } from '../../core/errors';
import { startEmulators, uniqueName, type Emulators } from './emulators';

describe('DynamoMetadataStore on dynalite', () => {
  let emu: Emulators;
  let store: DynamoMetadataStore;

  beforeAll(async () => {
    emu = await startEmulators();
    const table = uniqueName('lvu');
    const raw = new DynamoDBClient({
      region: 'us-east-1',
      endpoint: emu.dynamoEndpoint,
      credentials: { accessKeyId: 't', secretAccessKey: 't' },
    });
    await ensureMetadataTable(raw, table);
    raw.destroy();
    store = new DynamoMetadataStore(emu.clients.dynamo, table);
  });
  afterAll(async () => {
    await emu?.stop();
  });

  it('creates, reads and rewrites an item, bumping the version each time', async () => {
    const v1 = await store.put(
      'video#a',
      'meta',
      { status: 'queued', chunks: [1, 2], nested: { x: 0.5, s: '' } },
      { expectedVersion: null },
    );
    const v2 = await store.put('video#a', 'meta', { status: 'running' }, { expectedVersion: v1 });
    const v3 = await store.put('video#a', 'meta', { status: 'done' });
    expect([v1, v2, v3]).toEqual([1, 2, 3]);
    expect(await store.get('video#a', 'meta')).toEqual({ pk: 'video#a', sk: 'meta', version: 3, data: { status: 'done' } });
  });

  it.each([
    { name: 'create over an existing item', expected: null },
    { name: 'an update from a stale version', expected: 1 },
  ])('rejects $name with CONDITION_FAILED and keeps the stored item', async ({ expected }) => {
    const pk = uniqueName('video');
    await store.put(pk, 'meta', { n: 1 });
    await store.put(pk, 'meta', { n: 2 });
    const err = await store.put(pk, 'meta', { n: 99 }, { expectedVersion: expected }).catch((e: unknown) => e);
    expect(hasCode(err, 'CONDITION_FAILED')).toBe(true);
    expect((await store.get(pk, 'meta'))?.data).toEqual({ n: 2 });
  });

  it('lets exactly one of two racing writers win a status transition', async () => {
    const v = await store.put('video#race', 'meta', { status: 'running' });
    const results = await Promise.allSettled([
      store.put('video#race', 'meta', { status: 'done' }, { expectedVersion: v }),
      store.put('video#race', 'meta', { status: 'failed' }, { expectedVersion: v }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
  });

  it('counts a fan-in member once, however often it is added, and concurrently', async () => {
    // Prepare / Act: chunks 0..9 complete, chunk 3 twice (redelivery), all at once.
    const members = [...Array.from({ length: 10 }, (_, i) => `chunk-${i}`), 'chunk-3'];
    const results = await Promise.all(members.map((m) => store.addToSet('job#j1', 'fanin', 'done', m)));
    // Assess
    expect(results.filter((r) => r.added)).toHaveLength(10);
    expect(Math.max(...results.map((r) => r.size))).toBe(10);
    expect(await store.addToSet('job#j1', 'fanin', 'done', 'chunk-3')).toEqual({ added: false, size: 10 });
    expect(await store.getSet('job#j1', 'fanin', 'done')).toHaveLength(10);
  });

  it('keeps sets when the record on the same item is rewritten, and drops both on delete', async () => {
    await store.addToSet('job#j2', 'meta', 'done', 'chunk-0');
    expect(await store.get('job#j2', 'meta')).toMatchObject({ version: 0, data: {} });
    const v = await store.put('job#j2', 'meta', { status: 'running' }, { expectedVersion: 0 });
    await store.put('job#j2', 'meta', { status: 'merging' }, { expectedVersion: v });
    expect(await store.getSet('job#j2', 'meta', 'done')).toEqual(['chunk-0']);
    await store.delete('job#j2', 'meta');
    expect(await store.getSet('job#j2', 'meta', 'done')).toEqual([]);
  });

  it('deletes conditionally on the version', async () => {
    const v = await store.put('video#d', 'meta', { x: 1 });
    const err = await store.delete('video#d', 'meta', { expectedVersion: v + 1 }).catch((e: unknown) => e);
    expect(hasCode(err, 'CONDITION_FAILED')).toBe(true);
    await store.delete('video#d', 'meta', { expectedVersion: v });
    expect(await store.get('video#d', 'meta')).toBeUndefined();
    await expect(store.delete('video#d', 'meta')).resolves.toBeUndefined();
  });

  it.each([
    { name: 'ascending', descending: false },
    { name: 'descending', descending: true },
  ])('pages through a prefix $name with opaque cursors, no item twice or missing', async ({ descending }) => {
    // Prepare: 25 jobs and one item outside the prefix.
    const pk = uniqueName('video');
    const sks = Array.from({ length: 25 }, (_, i) => `job#${String(i).padStart(3, '0')}`);
    await Promise.all(sks.map((sk) => store.put(pk, sk, { sk })));
    await store.put(pk, 'meta', {});
    // Act
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await store.query(pk, { skPrefix: 'job#', limit: 10, cursor, descending });
      seen.push(...page.items.map((i) => i.sk));
      cursor = page.cursor;
      pages += 1;
    } while (cursor);
    // Assess: 10 + 10 + 5, and the last page carries no cursor.
    expect(pages).toBe(3);
    expect(seen).toEqual(descending ? [...sks].reverse() : sks);
  });

  it('returns no cursor when a page ends exactly at the last item', async () => {
    const pk = uniqueName('video');
    await Promise.all(['a', 'b'].map((sk) => store.put(pk, sk, {})));
    const page = await store.query(pk, { limit: 2 });
    expect(page.items).toHaveLength(2);
    expect(page.cursor).toBeUndefined();
  });

  it.each([
    { name: 'garbage', cursor: '!!!' },
    { name: 'valid base64url of non-JSON', cursor: Buffer.from('nope').toString('base64url') },
    { name: 'a cursor of another partition', cursor: Buffer.from(JSON.stringify({ pk: 'other', sk: 'x' })).toString('base64url') },
  ])('rejects a cursor that is $name with VALIDATION_FAILED', async ({ cursor }) => {
    const err = await store.query('video#q', { cursor }).catch((e: unknown) => e);
    expect(hasCode(err, 'VALIDATION_FAILED')).toBe(true);
  });

  it.each([
    { name: 'an oversized item (> 400 KB)', act: (s: DynamoMetadataStore) => s.put('video#big', 'meta', { blob: 'x'.repeat(420_000) }) },
    { name: 'an invalid set name', act: (s: DynamoMetadataStore) => s.addToSet('job#x', 'meta', 'bad name!', 'm') },
    { name: 'an empty set member', act: (s: DynamoMetadataStore) => s.addToSet('job#x', 'meta', 'done', '') },
    { name: 'data that is an array', act: (s: DynamoMetadataStore) => s.put('video#x', 'meta', [1, 2]) },
    { name: 'a zero page limit', act: (s: DynamoMetadataStore) => s.query('job#x', { limit: 0 }) },
  ])('rejects $name with VALIDATION_FAILED', async ({ act }) => {
    const err = await act(store).catch((e: unknown) => e);
    expect(hasCode(err, 'VALIDATION_FAILED')).toBe(true);
  });
});
