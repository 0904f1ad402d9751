import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runLvu } from '../helpers/cli';
import { tempDir } from '../helpers/lavfi';

let blocker: Server;
let port: number;
let dir: string;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
  // Prepare: something else already listens on a port of 127.0.0.1.
  blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  port = (blocker.address() as { port: number }).port;
});
afterAll(async () => {
  await new Promise((resolve) => blocker.close(resolve));
  await cleanup();
});

describe('lvu serve on a port in use', () => {
  it('says the port is taken and how to pick another, in one line, and exits 1', async () => {
    // Act
    const res = await runLvu(['serve', '--port', String(port), '--data', dir, '--workers', '0']);
    // Assess
    expect(res.code).toBe(1);
    expect(res.stderr.trim().split('\n')).toHaveLength(1);
    expect(res.stderr).toMatch(new RegExp(`^lvu: PORT_IN_USE: port ${port} on 127\\.0\\.0\\.1 is taken`));
    expect(res.stderr).toMatch(/--port 0/);
    expect(res.stderr).not.toMatch(/INTERNAL|EADDRINUSE/);
    expect(res.stdout).not.toMatch(/listening on/);
  });

  it.each([
    ['a negative port', '-1'],
    ['a port above 65535', '70000'],
  ])('rejects %s naming --port and its range', async (_l, value) => {
    const res = await runLvu(['serve', '--port', value, '--data', dir, '--workers', '0']);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/^lvu: VALIDATION_FAILED: .*--port: .*0 and 65535/);
  });
});
