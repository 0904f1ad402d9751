import { chmodSync, mkdirSync, promises as fs } from 'node:fs';

/**
 * Modes of everything in a data dir. It holds users' uploads and results, the records of
 * every tenant, API key hashes and the HMAC secret of signed URLs, so only the account
 * that runs lvu may read it: directories 0700, files 0600 (whatever the umask).
 */
export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/**
 * `mkdir -p` whose new directories are owner-only; `dir` itself is also chmod'ed, so a
 * data dir created before this rule (0755) is closed on the next start.
 */
export async function mkdirPrivate(dir: string): Promise<void> {
  await fs.mkdir(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  await fs.chmod(dir, PRIVATE_DIR_MODE);
}

/** Synchronous `mkdirPrivate` (for openers that are synchronous, like SQLite's). */
export function mkdirPrivateSync(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  chmodSync(dir, PRIVATE_DIR_MODE);
}
