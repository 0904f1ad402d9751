import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (tests run from anywhere). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * The real footage with ground truth: `LVU_TEST_DATA`, default `../shared/data` next to the
 * repository. Never copied into the repo.
 */
export const TEST_DATA_DIR = resolve(REPO_ROOT, process.env['LVU_TEST_DATA'] ?? '../shared/data');

/** Absolute path of a file in the test data, or undefined when the data is absent. */
export function testData(relative: string): string | undefined {
  const p = join(TEST_DATA_DIR, relative);
  return existsSync(p) ? p : undefined;
}

/** The message a test prints when it skips for want of the data. */
export function missingDataMessage(relative: string): string {
  return `skipped: ${join(TEST_DATA_DIR, relative)} is absent (set LVU_TEST_DATA to the shared data folder)`;
}

/**
 * Whether every listed file of the test data is present. Decided when the test file is
 * collected, so it can drive `it.skipIf(!hasTestData(...))` / `describe.skipIf(...)`.
 */
export function hasTestData(...relative: string[]): boolean {
  return relative.every((r) => testData(r) !== undefined);
}

/**
 * A test or suite name that carries the reason it is skipped when the data is absent
 * (`name [skipped: …/shots_dev.mp4 is absent (set LVU_TEST_DATA …)]`), and the plain name
 * otherwise. Use with `skipIf`, so vitest counts the test as skipped, not passed:
 *
 * @example it.skipIf(!hasTestData(CLIP))(needsData('finds the cuts', CLIP), async () => { … })
 */
export function needsData(name: string, ...relative: string[]): string {
  const missing = relative.find((r) => testData(r) === undefined);
  return missing === undefined ? name : `${name} [${missingDataMessage(missing)}]`;
}
