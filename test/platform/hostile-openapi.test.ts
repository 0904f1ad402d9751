import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inProcessApi, type InProcessApi } from './helpers/in-process';

type Schema = Record<string, unknown>;
interface Operation {
  operationId?: string;
  responses?: Record<string, { content?: Record<string, { schema?: Schema }> }>;
}
interface Document {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
}

const METHODS = new Set(['get', 'put', 'post', 'delete', 'patch', 'head', 'options']);

let api: InProcessApi;
let doc: Document;
beforeAll(async () => {
  api = await inProcessApi();
  const res = await api.call('GET', '/openapi.json', { key: null });
  expect(res.status).toBe(200);
  doc = res.body as Document;
});
afterAll(async () => api.close());

/** Every operation of the document as `METHOD path` → operation (routes added later included). */
function operations(): [string, Operation][] {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => METHODS.has(method))
      .map(([method, op]): [string, Operation] => [`${method.toUpperCase()} ${path}`, op]),
  );
}

/** A schema that says nothing (z.any / z.unknown, `{}`), after following `$ref`s. */
function untypedParts(schema: Schema | undefined, where: string, seen = new Set<string>()): string[] {
  if (!schema) return [`${where} (no schema)`];
  const ref = schema.$ref;
  if (typeof ref === 'string') {
    if (seen.has(ref)) return [];
    const name = ref.replace('#/components/schemas/', '');
    return untypedParts(doc.components?.schemas?.[name], `${where} → ${name}`, new Set([...seen, ref]));
  }
  const keys = Object.keys(schema).filter(
    (k) => !['description', 'example', 'examples', 'title', 'default', 'deprecated', 'readOnly'].includes(k),
  );
  if (keys.length === 0) return [where];
  const out: string[] = [];
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'properties')
      for (const [p, s] of Object.entries(value as Record<string, Schema>)) out.push(...untypedParts(s, `${where}.${p}`, seen));
    if (key === 'items' || key === 'additionalProperties') {
      if (typeof value === 'object' && value !== null) out.push(...untypedParts(value as Schema, `${where}[${key}]`, seen));
    }
    if (key === 'anyOf' || key === 'oneOf' || key === 'allOf') {
      for (const [i, s] of (value as Schema[]).entries()) out.push(...untypedParts(s, `${where}|${i}`, seen));
    }
  }
  return out;
}

describe('the OpenAPI document (issue 12 item 18)', () => {
  it('lists /health and /openapi.json', () => {
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/health', '/openapi.json']));
  });

  it('gives every operation a unique operationId', () => {
    const missing = operations()
      .filter(([, op]) => !op.operationId)
      .map(([name]) => name);
    expect(missing).toEqual([]);
    const ids = operations().map(([, op]) => op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('types every success response all the way down (no z.any / z.unknown), tracks and answers included', () => {
    const untyped: string[] = [];
    for (const [name, op] of operations()) {
      const successes = Object.entries(op.responses ?? {}).filter(([status]) => /^2\d\d$/.test(status));
      expect(successes.length, `${name} documents no success response`).toBeGreaterThan(0);
      for (const [status, response] of successes) {
        const contents = Object.entries(response.content ?? {});
        if (contents.length === 0) untyped.push(`${name} ${status} (no content)`);
        for (const [type, media] of contents) untyped.push(...untypedParts(media.schema, `${name} ${status} ${type}`));
      }
    }
    expect(untyped).toEqual([]);
  });
});
