import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (the CDK app runs from anywhere: `cdk synth`, vitest, tsx). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Resolves a repo-relative path (Lambda entries, the Dockerfile) to an absolute one. */
export function repoPath(relative: string): string {
  return resolve(REPO_ROOT, relative);
}
