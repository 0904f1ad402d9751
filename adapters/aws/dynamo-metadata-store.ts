import { DeleteCommand, GetCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ConditionFailedError, ValidationError } from '../../core/errors';
import type { Item, MetadataStore } from '../../core/ports/metadata-store';
import { awsErrorName } from './clients';
import { decodeCursor, encodeCursor, type PageKey } from './dynamo-cursor';
import { TTL_ATTRIBUTE } from './dynamo-schema';

/** Set attributes are stored top-level as `set:{name}` so ADD can create them atomically. */
const SET_PREFIX = 'set:';
const SET_NAME = /^[A-Za-z0-9_.-]{1,64}$/;
const DEFAULT_PAGE = 100;
const MAX_PAGE = 1000;

/**
 * MetadataStore on one DynamoDB table (partition key `pk`, sort key `sk`, both strings).
 * Item layout: `{ pk, sk, version: N, data: M, "set:{name}": SS, expiresAt?: N }` (the TTL
 * attribute, epoch seconds, see dynamo-schema.ts). Conditional writes use
 * `version`; `addToSet` is a single `ADD` on a string set, so a retried chunk cannot
 * count twice.
 */
export class DynamoMetadataStore implements MetadataStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    readonly tableName: string,
  ) {}

  async get<T extends object = Record<string, unknown>>(pk: string, sk: string): Promise<Item<T> | undefined> {
    const out = await this.client.send(new GetCommand({ TableName: this.tableName, Key: { pk, sk }, ConsistentRead: true }));
    return out.Item ? toItem<T>(out.Item) : undefined;
  }

  async put<T extends object>(
    pk: string,
    sk: string,
    data: T,
    options: { expectedVersion?: number | null; expiresAt?: Date; mustExist?: boolean } = {},
  ): Promise<number> {
    const expected = options.expectedVersion;
    const json = toJsonObject(data);
    const condition =
      expected === null
        ? { ConditionExpression: 'attribute_not_exists(pk)' }
        : typeof expected === 'number'
          ? { ConditionExpression: '#v = :expected', ExpressionAttributeValues: { ':expected': expected } }
          : options.mustExist
            ? { ConditionExpression: 'attribute_exists(pk)' }
            : {};
    const ttl = ttlUpdate(options.expiresAt);
    // UpdateItem (not PutItem) so sets added with addToSet survive a rewrite of `data`, and
    // `ADD version 1` bumps the version atomically even for unconditional writes.
    const out = await this.write(pk, sk, () =>
      this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk, sk },
          UpdateExpression: `SET #d = :data${ttl.set} ADD #v :one`,
          ...condition,
          ExpressionAttributeNames: { '#d': 'data', '#v': 'version', ...ttl.names },
          ExpressionAttributeValues: { ...condition.ExpressionAttributeValues, ':data': json, ':one': 1, ...ttl.values },
          ReturnValues: 'UPDATED_NEW',
        }),
      ),
    );
    return Number(out.Attributes?.version);
  }

  async addToSet(pk: string, sk: string, setName: string, member: string): Promise<{ added: boolean; size: number }> {
    const attr = setAttribute(setName);
    if (member.length === 0) throw new ValidationError('set member must be a non-empty string', { details: { field: 'member' } });
    try {
      const out = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk, sk },
          // A set-only item reads as {version 0, data {}}, as in the SQLite store.
          UpdateExpression: 'ADD #s :m SET #v = if_not_exists(#v, :zero), #d = if_not_exists(#d, :empty)',
          ConditionExpression: 'NOT contains(#s, :member)',
          ExpressionAttributeNames: { '#s': attr, '#v': 'version', '#d': 'data' },
          ExpressionAttributeValues: { ':m': new Set([member]), ':member': member, ':zero': 0, ':empty': {} },
          ReturnValues: 'UPDATED_NEW',
        }),
      );
      return { added: true, size: (out.Attributes?.[attr] as Set<string> | undefined)?.size ?? 1 };
    } catch (err) {
      // Already a member (a redelivered chunk): nothing changes; report the current size.
      if (awsErrorName(err) !== 'ConditionalCheckFailedException') throw err;
      return { added: false, size: (await this.getSet(pk, sk, setName)).length };
    }
  }

  async getSet(pk: string, sk: string, setName: string): Promise<string[]> {
    const attr = setAttribute(setName);
    const out = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk, sk },
        ConsistentRead: true,
        ProjectionExpression: '#s',
        ExpressionAttributeNames: { '#s': attr },
      }),
    );
    const members = out.Item?.[attr] as Set<string> | undefined;
    return members ? [...members].sort() : [];
  }

  async delete(pk: string, sk: string, options: { expectedVersion?: number } = {}): Promise<void> {
    const conditional = options.expectedVersion !== undefined;
    await this.write(pk, sk, () =>
      this.client.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: { pk, sk },
          ...(conditional
            ? {
                ConditionExpression: '#v = :expected',
                ExpressionAttributeNames: { '#v': 'version' },
                ExpressionAttributeValues: { ':expected': options.expectedVersion },
              }
            : {}),
        }),
      ),
    );
  }

  async query<T extends object = Record<string, unknown>>(
    pk: string,
    options: { skPrefix?: string; limit?: number; cursor?: string; descending?: boolean } = {},
  ): Promise<{ items: Item<T>[]; cursor?: string }> {
    const limit = pageLimit(options.limit);
    let startKey: PageKey | undefined = options.cursor ? decodeCursor(options.cursor, pk) : undefined;
    const items: Item<T>[] = [];
    // Read one item past the page so a cursor is returned only when more items exist.
    do {
      const out = await this.client.send(this.queryCommand(pk, options, limit + 1 - items.length, startKey));
      for (const raw of out.Items ?? []) items.push(toItem<T>(raw));
      startKey = out.LastEvaluatedKey as PageKey | undefined;
    } while (startKey && items.length <= limit);
    if (items.length <= limit) return { items };
    const page = items.slice(0, limit);
    const last = page[page.length - 1] as Item<T>;
    return { items: page, cursor: encodeCursor({ pk: last.pk, sk: last.sk }) };
  }

  private queryCommand(pk: string, options: { skPrefix?: string; descending?: boolean }, limit: number, startKey?: PageKey): QueryCommand {
    const prefix = options.skPrefix ?? '';
    return new QueryCommand({
      TableName: this.tableName,
      KeyConditionExpression: prefix ? 'pk = :pk AND begins_with(sk, :prefix)' : 'pk = :pk',
      ExpressionAttributeValues: prefix ? { ':pk': pk, ':prefix': prefix } : { ':pk': pk },
      ScanIndexForward: !options.descending,
      Limit: limit,
      ExclusiveStartKey: startKey,
      ConsistentRead: true,
    });
  }

  private async write<R>(pk: string, sk: string, fn: () => Promise<R>): Promise<R> {
    try {
      return await fn();
    } catch (err) {
      const name = awsErrorName(err);
      if (name === 'ConditionalCheckFailedException') {
        throw new ConditionFailedError(`version condition failed for ${pk} / ${sk}`, { cause: err, details: { pk, sk } });
      }
      if (name === 'ValidationException') {
        throw new ValidationError(`DynamoDB rejected the item ${pk} / ${sk}: ${(err as Error).message}`, {
          cause: err,
          details: { pk, sk },
        });
      }
      throw err;
    }
  }
}

/** The `SET` clause part that writes the TTL attribute (epoch seconds), or nothing. */
function ttlUpdate(expiresAt: Date | undefined): { set: string; names: Record<string, string>; values: Record<string, number> } {
  if (expiresAt === undefined) return { set: '', names: {}, values: {} };
  const seconds = Math.ceil(expiresAt.getTime() / 1000);
  if (!Number.isFinite(seconds)) throw new ValidationError('expiresAt is not a valid date', { details: { field: 'expiresAt' } });
  return { set: ', #ttl = :ttl', names: { '#ttl': TTL_ATTRIBUTE }, values: { ':ttl': seconds } };
}

function setAttribute(setName: string): string {
  if (!SET_NAME.test(setName)) throw new ValidationError(`invalid set name ${JSON.stringify(setName)}`, { details: { field: 'setName' } });
  return SET_PREFIX + setName;
}

function pageLimit(limit: number | undefined): number {
  if (limit === undefined) return DEFAULT_PAGE;
  if (!Number.isInteger(limit) || limit < 1) throw new ValidationError(`invalid limit ${limit}`, { details: { field: 'limit' } });
  return Math.min(limit, MAX_PAGE);
}

/** Normalises data exactly as the SQLite store does (a JSON round trip), so both stores agree. */
function toJsonObject(data: object): Record<string, unknown> {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new ValidationError('metadata item data must be a JSON object', { details: { field: 'data' } });
  }
  return JSON.parse(JSON.stringify(data)) as Record<string, unknown>;
}

function toItem<T extends object>(raw: Record<string, unknown>): Item<T> {
  return {
    pk: String(raw.pk),
    sk: String(raw.sk),
    version: typeof raw.version === 'number' ? raw.version : 0,
    data: (raw.data ?? {}) as T,
  };
}
