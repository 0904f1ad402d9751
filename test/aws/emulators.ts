import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import dynalite from 'dynalite';
import { buildApp } from 'fauxqs';
import { createAwsClients, type AwsClients } from '../../adapters/aws';

/** Emulators for one test file: fauxqs (S3 + SQS) and dynalite (DynamoDB), both on 127.0.0.1. */
export interface Emulators {
  clients: AwsClients;
  s3Endpoint: string;
  dynamoEndpoint: string;
  stop(): Promise<void>;
}

/**
 * Starts fauxqs with its app builder (its CLI and `startFauxqs` bind 0.0.0.0) and dynalite,
 * each on 127.0.0.1 and an OS-assigned port, and returns SDK clients pointed at them.
 * `onS3Response` sees every S3/SQS response fauxqs sends (method, URL, Content-Length).
 */
export async function startEmulators(
  options: { onS3Response?: (method: string, url: string, bytes: number) => void } = {},
): Promise<Emulators> {
  const fauxqs = buildApp({ logger: false });
  const observe = options.onS3Response;
  // What the emulator serves, per response (Content-Length), for tests that count bytes read.
  if (observe)
    fauxqs.addHook('onResponse', async (req: { method: string; url: string }, reply: { getHeader(name: string): unknown }) =>
      observe(req.method, req.url, Number(reply.getHeader('content-length') ?? 0)),
    );
  const s3Endpoint = await fauxqs.listen({ host: '127.0.0.1', port: 0 });
  const dynamo = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    dynamo.once('error', reject);
    dynamo.listen(0, '127.0.0.1', () => resolve());
  });
  const dynamoEndpoint = `http://127.0.0.1:${(dynamo.address() as AddressInfo).port}`;
  const clients = createAwsClients({
    region: 'us-east-1',
    endpoint: s3Endpoint,
    dynamoEndpoint,
    forcePathStyle: true,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  return {
    clients,
    s3Endpoint,
    dynamoEndpoint,
    async stop() {
      clients.s3.destroy();
      clients.sqs.destroy();
      clients.dynamo.destroy();
      await fauxqs.close();
      await closeServer(dynamo);
    },
  };
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections?.();
  return new Promise((resolve) => server.close(() => resolve()));
}

/** A name unique within the test process, for buckets, queues and tables. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
}
