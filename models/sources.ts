/**
 * Finding and checking the npm packages the default models come from: the package
 * directory (walking up `node_modules`, since some packages do not export package.json),
 * its version, and sha256 of files.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LvuError } from '../core/errors';

/** sha256 (lowercase hex) of bytes. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** sha256 of a file's contents. */
export function sha256File(path: string): string {
  return sha256Hex(readFileSync(path));
}

/** The installed directory of an npm package, searched upward from this module. */
export function findPackageDir(pkg: string, from = dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', pkg);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dirname(dir) === dir) break;
  }
  throw new LvuError('MODEL_SOURCE_MISSING', `package ${pkg} is not installed (needed for the default models; run npm install)`);
}

/** The `version` field of an installed package. */
function packageVersion(pkgDir: string): string {
  return String((JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as { version?: unknown }).version ?? 'unknown');
}

/**
 * Checks each source file against its pinned sha256; a mismatch (another package version,
 * a modified tarball) is refused with the file, both hashes and the installed version.
 */
export function verifySourceFiles(
  pkg: string,
  pinnedVersion: string,
  files: Record<string, string>,
): { dir: string; files: { path: string; sha256: string }[] } {
  const dir = findPackageDir(pkg);
  const out = Object.entries(files).map(([path, expected]) => {
    const full = join(dir, path);
    if (!existsSync(full))
      throw new LvuError('MODEL_SOURCE_MISSING', `${pkg}@${packageVersion(dir)} lacks ${path} (pinned to ${pkg}@${pinnedVersion})`);
    const actual = sha256File(full);
    if (actual !== expected) {
      throw new LvuError(
        'MODEL_SOURCE_MISMATCH',
        `${pkg}/${path} has sha256 ${actual}, expected ${expected} from ${pkg}@${pinnedVersion} (installed: ${packageVersion(dir)})`,
      );
    }
    return { path, sha256: actual };
  });
  return { dir, files: out };
}
