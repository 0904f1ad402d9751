import type { APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { LambdaEvent } from 'hono/aws-lambda';

/** Hono's own v2 event type (its `body` is `string | null`, unlike @types/aws-lambda's). */
type APIGatewayProxyEventV2 = Extract<LambdaEvent, { rawPath: string }>;
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../core/log';
import { createLambdaHandler } from '../../functions/api/lambda-adapter';
import { inProcessApi, type InProcessApi } from './helpers/in-process';

/** A minimal API Gateway HTTP API (payload v2) event, as the Lambda integration sends it. */
function httpApiEvent(
  method: string,
  path: string,
  options: { query?: string; headers?: Record<string, string>; body?: unknown } = {},
): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: options.query ?? '',
    headers: { host: 'abc.execute-api.eu-west-1.amazonaws.com', ...options.headers },
    requestContext: {
      authentication: null,
      authorizer: {},
      accountId: '123456789012',
      apiId: 'abc',
      domainName: 'abc.execute-api.eu-west-1.amazonaws.com',
      domainPrefix: 'abc',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '203.0.113.1', userAgent: 'test' },
      requestId: 'req-1',
      routeKey: '$default',
      stage: '$default',
      time: '01/Jan/2026:00:00:00 +0000',
      timeEpoch: 0,
    },
    isBase64Encoded: false,
    body: options.body !== undefined ? JSON.stringify(options.body) : null,
  };
}

let api: InProcessApi;
let handler: ReturnType<typeof createLambdaHandler>;
beforeAll(async () => {
  api = await inProcessApi();
  handler = createLambdaHandler({ deps: api.platform.deps, log: silentLogger() });
});
afterAll(async () => api.close());

async function invoke(event: APIGatewayProxyEventV2): Promise<{ statusCode: number; body: any }> {
  const res = (await handler(event, {} as Context)) as APIGatewayProxyStructuredResultV2;
  return { statusCode: res.statusCode ?? 0, body: res.body ? JSON.parse(res.body) : undefined };
}

describe('the same API app as a Lambda handler (API Gateway HTTP API v2 events)', () => {
  it('declares an upload and reads it back with an API key', async () => {
    const auth = { authorization: `Bearer ${api.keys.a}`, 'content-type': 'application/json' };
    const created = await invoke(
      httpApiEvent('POST', '/v1/videos', { headers: auth, body: { filename: 'a.mp4', bytes: 10, contentType: 'video/mp4' } }),
    );
    expect(created.statusCode).toBe(201);
    const got = await invoke(httpApiEvent('GET', `/v1/videos/${created.body.videoId}`, { headers: auth }));
    expect(got).toMatchObject({ statusCode: 200, body: { videoId: created.body.videoId, status: 'awaiting_upload' } });
    const listed = await invoke(httpApiEvent('GET', '/v1/videos', { headers: auth, query: 'limit=5' }));
    expect(listed.body.videos.map((v: { videoId: string }) => v.videoId)).toContain(created.body.videoId);
  });

  it('answers errors in the API error shape', async () => {
    const res = await invoke(httpApiEvent('GET', '/v1/videos'));
    expect(res).toMatchObject({ statusCode: 401, body: { error: { code: 'UNAUTHORIZED' } } });
  });

  it('serves the OpenAPI document', async () => {
    const res = await invoke(httpApiEvent('GET', '/v1/openapi.json'));
    expect(res.statusCode).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
  });
});
