import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';

/** A listening Node HTTP server and how to stop it. */
export interface RunningServer {
  url: string;
  server: ServerType;
  close(): Promise<void>;
}

/**
 * Serves a Hono app on Node. Port 0 picks a free port; the returned `url` carries the
 * real one. Keep-alive connections are closed on `close()` so shutdown is prompt.
 */
export function startNodeServer(
  app: { fetch: (request: Request) => Response | Promise<Response> },
  options: { port: number; host: string },
): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port: options.port, hostname: options.host }, (info: AddressInfo) => {
      const host = info.family === 'IPv6' ? `[${info.address}]` : info.address;
      resolve({
        url: `http://${host}:${info.port}`,
        server,
        close: () =>
          new Promise<void>((done) => {
            (server as import('node:http').Server).closeAllConnections?.();
            server.close(() => done());
          }),
      });
    });
    server.once('error', reject);
  });
}
