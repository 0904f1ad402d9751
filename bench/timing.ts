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
