import { cpuSeconds } from '../core/profile';

/** Median wall time (ms) of `repeat` runs of `fn`, after `warmup` untimed runs. */
export async function medianMs(repeat: number, fn: () => Promise<unknown>, warmup = 0): Promise<number> {
  for (let k = 0; k < warmup; k++) await fn();
  const ms: number[] = [];
  for (let k = 0; k < repeat; k++) {
    const t0 = performance.now();
    await fn();
    ms.push(performance.now() - t0);
  }
  return ms.sort((a, b) => a - b)[Math.floor(ms.length / 2)]!;
}

/** A labelled case of an interleaved benchmark. */
export type Case = [label: string, fn: () => Promise<unknown>];

/**
 * Median seconds of each case over `n` rounds, after one untimed warm-up round (file in the
 * page cache, our code compiled). The cases run interleaved, round by round, so that a change
 * in the machine's load falls on all of them alike.
 */
export async function medians(n: number, cases: Case[]): Promise<[string, number][]> {
  return (await mediansWithCpu(n, cases)).map(([label, wall]) => [label, wall]);
}

/**
 * `medians`, with each case's median CPU seconds besides its wall seconds: this process's
 * threads and the child processes it waited for (core/profile.ts cpuSeconds; children in
 * 10-ms ticks). On a shared, noisy machine the CPU a case costs moves less than its wall time.
 */
export async function mediansWithCpu(n: number, cases: Case[]): Promise<[label: string, wall: number, cpu: number][]> {
  for (const [, fn] of cases) await fn();
  const wall = cases.map((): number[] => []);
  const cpu = cases.map((): number[] => []);
  const used = () => {
    const c = cpuSeconds();
    return c.self + c.children;
  };
  for (let round = 0; round < n; round++) {
    for (const [i, [, fn]] of cases.entries()) {
      const [t0, c0] = [process.hrtime.bigint(), used()];
      await fn();
      wall[i]!.push(Number(process.hrtime.bigint() - t0) / 1e9);
      cpu[i]!.push(used() - c0);
    }
  }
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[n >> 1]!;
  return cases.map(([label], i) => [label, median(wall[i]!), median(cpu[i]!)]);
}
