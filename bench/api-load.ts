/**
 * `npx lvu bench api-load [--concurrency 200] [--rounds 3]`: load check of `lvu serve` on
 * 127.0.0.1. Starts a server on a temp data dir (no workers), creates a key and one video,
 * then fires `--concurrency` simultaneous requests per round of:
 *   - GET /v1/health (baseline: routing and HTTP only, no auth, no database)
 *   - GET /v1/videos/{id} (auth + record + progress reads)
 *   - POST /v1/videos (auth + validation + conditional writes + URL signing)
 * and prints p50/p99/max latency, the ratio of each p50 to the baseline's, and the number
 * of errors (any status other than the expected one), which must be zero.
 */
import { parseFlags } from '../cli/args';
import { ApiClient } from '../test/platform/helpers/client';
import { createKey, removeDir, startServe, tempDir } from '../test/platform/helpers/serve';

export const summary = 'lvu serve under N concurrent GET /videos/{id} and POST /videos: p50/p99, errors';

interface Sample {
  ms: number;
  ok: boolean;
}

export async function run(argv: string[]): Promise<number> {
  const { values } = parseFlags(argv, { concurrency: { type: 'string' }, rounds: { type: 'string' } });
  const concurrency = Math.max(1, Number(values.concurrency ?? 200));
  const rounds = Math.max(1, Number(values.rounds ?? 3));
  const dataDir = await tempDir('bench-api');
  const serve = await startServe({ dataDir, workers: 0 });
  try {
    const client = new ApiClient(serve.url, await createKey(dataDir, 'bench'));
    const declare = { filename: 'movie.mp4', bytes: 50_000_000, contentType: 'video/mp4' };
    const videoId = ((await client.call('POST', '/videos', declare)).body as { videoId: string }).videoId;
    const scenarios: [string, () => Promise<Sample>][] = [
      ['GET /v1/health (baseline)', () => timed(() => client.call('GET', '/health'), 200)],
      ['GET /v1/videos/{id}', () => timed(() => client.call('GET', `/videos/${videoId}`), 200)],
      ['POST /v1/videos', () => timed(() => client.call('POST', '/videos', declare), 201)],
    ];
    await burst(Math.min(20, concurrency), scenarios[1]![1]); // warm-up: JIT, SQLite page cache
    const rows: string[][] = [];
    let baseline = 0;
    let errors = 0;
    for (const [label, fire] of scenarios) {
      const samples: Sample[] = [];
      for (let r = 0; r < rounds; r++) samples.push(...(await burst(concurrency, fire)));
      const s = stats(samples);
      baseline ||= s.p50;
      errors += s.errors;
      rows.push([label, fmt(s.p50), fmt(s.p99), fmt(s.max), (s.p50 / baseline).toFixed(2), String(s.errors)]);
    }
    printTable(`${concurrency} concurrent requests × ${rounds} rounds against ${serve.url}`, rows);
    return errors === 0 ? 0 : 1;
  } finally {
    await serve.stop();
    await removeDir(dataDir);
  }
}

async function timed(call: () => Promise<{ status: number }>, want: number): Promise<Sample> {
  const t0 = performance.now();
  try {
    const res = await call();
    return { ms: performance.now() - t0, ok: res.status === want };
  } catch {
    return { ms: performance.now() - t0, ok: false };
  }
}

function burst(n: number, fire: () => Promise<Sample>): Promise<Sample[]> {
  return Promise.all(Array.from({ length: n }, fire));
}

function stats(samples: Sample[]): { p50: number; p99: number; max: number; errors: number } {
  const ms = samples.map((s) => s.ms).sort((a, b) => a - b);
  const at = (q: number) => ms[Math.min(ms.length - 1, Math.floor(q * ms.length))]!;
  return { p50: at(0.5), p99: at(0.99), max: ms[ms.length - 1]!, errors: samples.filter((s) => !s.ok).length };
}

function fmt(ms: number): string {
  return `${ms.toFixed(1)} ms`;
}

function printTable(title: string, rows: string[][]): void {
  const head = ['request', 'p50', 'p99', 'max', 'p50 / baseline', 'errors'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  process.stdout.write(`${title}\n${line(head)}\n${rows.map(line).join('\n')}\n`);
}
