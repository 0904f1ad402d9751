import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { REPO_ROOT } from '../../helpers/data';

/** Debian's chromium (`.ci/run` installs it when missing); `LVU_CHROMIUM` points elsewhere. */
export const CHROMIUM = process.env['LVU_CHROMIUM'] ?? '/usr/bin/chromium';
export const HAVE_CHROMIUM = existsSync(CHROMIUM);
export const NO_CHROMIUM_MESSAGE = `skipped: no browser at ${CHROMIUM} (apt-get install chromium, or set LVU_CHROMIUM)`;

/** Screenshots of every step land here (git-ignored). */
export const SCREENSHOT_DIR = path.join(REPO_ROOT, 'test-output', 'web');

/** A headless chromium with a fresh profile, and what its pages reported. */
export interface BrowserSession {
  context: BrowserContext;
  page: Page;
  /** Console errors and page errors, as text. */
  consoleErrors: string[];
  /** Requests that failed or answered ≥ 400 (`METHOD URL → status`). */
  failedRequests: string[];
  screenshot(name: string): Promise<void>;
  close(): Promise<void>;
}

/** Launches chromium headless (no sandbox, no GPU, no network beyond what the page asks). */
export async function openBrowser(): Promise<BrowserSession> {
  const userDataDir = await mkdtemp(path.join(tmpdir(), 'lvu-chromium-'));
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  // A persistent context is how playwright takes a user-data-dir (a fresh one per session).
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 1100 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const consoleErrors: string[] = [];
  const failedRequests: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(`pageerror: ${e.message}`));
  page.on('requestfailed', (r) => {
    // A video element cancels its range requests when the source changes: not a failure.
    if (r.failure()?.errorText !== 'net::ERR_ABORTED') failedRequests.push(`${r.method()} ${r.url()} → ${r.failure()?.errorText}`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400) failedRequests.push(`${r.request().method()} ${r.url()} → ${r.status()}`);
  });
  return {
    context,
    page,
    consoleErrors,
    failedRequests,
    screenshot: async (name) => {
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
    },
    close: async () => {
      await context.close();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}
