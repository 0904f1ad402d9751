/**
 * Where the time goes: named wall-clock totals kept per thread (model runs by model name,
 * pipeline phases by stage), cheap enough to stay on (two `performance.now()` per entry).
 * `lvu analyze --profile` and `bench/pipeline.ts` print them; chunk worker threads send
 * theirs back with each result, and `mergeProfile` adds them up.
 */
import { readFileSync } from 'node:fs';

/** Wall milliseconds and entries of one named activity. */
export interface ProfileEntry {
  ms: number;
  calls: number;
  /** Items handled (images in a batched model call, frames pushed); equals calls when unset. */
  items: number;
}

export type Profile = Record<string, ProfileEntry>;

const totals = new Map<string, ProfileEntry>();

/** Adds `ms` (and `items`, default 1) to the named total of this thread. */
export function addTime(name: string, ms: number, items = 1): void {
  const e = totals.get(name);
  if (e) {
    e.ms += ms;
    e.calls++;
    e.items += items;
  } else totals.set(name, { ms, calls: 1, items });
}

/** Runs `fn` and adds its wall time (until its promise settles) to `name`. */
export async function timeAsync<T>(name: string, fn: () => Promise<T>, items = 1): Promise<T> {
  const t0 = performance.now();
  try {
    return await fn();
  } finally {
    addTime(name, performance.now() - t0, items);
  }
}

/** Runs `fn` and adds its wall time to `name`. */
export function timeSync<T>(name: string, fn: () => T, items = 1): T {
  const t0 = performance.now();
  try {
    return fn();
  } finally {
    addTime(name, performance.now() - t0, items);
  }
}

/** A copy of this thread's totals. */
export function profileSnapshot(): Profile {
  return Object.fromEntries([...totals].map(([k, v]) => [k, { ...v }]));
}

/** Clears this thread's totals (a bench between runs). */
export function resetProfile(): void {
  totals.clear();
}

/** `a + b`, name by name. */
export function mergeProfile(a: Profile, b: Profile): Profile {
  const out: Profile = Object.fromEntries(Object.entries(a).map(([k, v]) => [k, { ...v }]));
  for (const [k, v] of Object.entries(b)) {
    const e = out[k];
    if (e) {
      e.ms += v.ms;
      e.calls += v.calls;
      e.items += v.items;
    } else out[k] = { ...v };
  }
  return out;
}

/** `b − a` (what happened between two snapshots of one thread). */
export function profileSince(before: Profile, after: Profile): Profile {
  const out: Profile = {};
  for (const [k, v] of Object.entries(after)) {
    const p = before[k];
    const d = { ms: v.ms - (p?.ms ?? 0), calls: v.calls - (p?.calls ?? 0), items: v.items - (p?.items ?? 0) };
    if (d.calls > 0) out[k] = d;
  }
  return out;
}

/** CPU seconds so far: this process (all its threads) and its waited-for children (ffmpeg). */
export function cpuSeconds(): { self: number; children: number } {
  const u = process.cpuUsage();
  const self = (u.user + u.system) / 1e6;
  try {
    // /proc/self/stat fields 16 and 17 (cutime, cstime) in clock ticks (USER_HZ, 100 on Linux).
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { self, children: (Number(fields[13]) + Number(fields[14])) / 100 };
  } catch {
    return { self, children: Number.NaN };
  }
}

/** Rows of a profile as aligned text, longest first: `name  wall s  calls  items  ms/item`. */
export function formatProfile(p: Profile, indent = '  '): string[] {
  const rows = Object.entries(p).sort((a, b) => b[1].ms - a[1].ms);
  const w = Math.max(4, ...rows.map(([k]) => k.length));
  const head = `${indent}${'name'.padEnd(w)}  ${'wall s'.padStart(8)}  ${'calls'.padStart(7)}  ${'items'.padStart(7)}  ${'ms/item'.padStart(8)}`;
  return [
    head,
    ...rows.map(
      ([k, v]) =>
        `${indent}${k.padEnd(w)}  ${(v.ms / 1000).toFixed(2).padStart(8)}  ${String(v.calls).padStart(7)}  ${String(v.items).padStart(7)}  ${(v.ms / Math.max(1, v.items)).toFixed(2).padStart(8)}`,
    ),
  ];
}
