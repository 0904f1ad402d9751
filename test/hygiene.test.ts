/**
 * Tests must not pass without running: a test that needs the shared footage skips with
 * `it.skipIf(!hasTestData(…))(needsData(…), …)` so vitest counts it as skipped, never by
 * an early return that prints a warning (vitest counts that as passed). No focused or
 * unconditionally skipped tests.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasTestData, needsData, REPO_ROOT } from './helpers/data';

const TEST_DIR = join(REPO_ROOT, 'test');

/** Every .ts file under test/, recursively. */
function testSources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = join(dir, e.name);
    if (e.isDirectory()) return testSources(full);
    return e.name.endsWith('.ts') ? [full] : [];
  });
}

/** `file:line: text` for every line of the test sources that matches. */
function offending(pattern: RegExp): string[] {
  return testSources(TEST_DIR).flatMap((file) =>
    readFileSync(file, 'utf8')
      .split('\n')
      .flatMap((line, i) => (pattern.test(line) ? [`${relative(REPO_ROOT, file)}:${i + 1}: ${line.trim()}`] : [])),
  );
}

describe('test hygiene', () => {
  it('no test returns early with a console warning (it would count as passed): use it.skipIf / describe.skipIf', () => {
    expect(offending(/return\s+console\.(warn|log|info)\s*\(/)).toEqual([]);
  });

  it('no focused (.only) or unconditionally skipped (.skip / .todo) tests', () => {
    expect(offending(/\b(it|test|describe)\.(only|skip|todo)\s*\(/)).toEqual([]);
  });

  it('a test that needs absent data is named with the reason', () => {
    // Prepare
    const absent = 'no-such-folder/clip.mp4';
    // Act
    const name = needsData('finds the cuts', absent);
    // Assess
    expect(hasTestData(absent)).toBe(false);
    expect(name).toMatch(/^finds the cuts \[skipped: .*no-such-folder\/clip\.mp4 is absent \(set LVU_TEST_DATA/);
    expect(needsData('finds the cuts')).toBe('finds the cuts');
  });
});
