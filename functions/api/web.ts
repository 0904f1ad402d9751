import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Env, Hono } from 'hono';

/** One static file of the web page: its bytes and content type. */
export interface WebAsset {
  body: string;
  type: string;
}

/** Files of `web/` served under `/web/…` (and index.html at `/`), by extension. */
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/**
 * Reads the page's static files (plain ES modules, CSS, the SVG favicon) from `dir`, once
 * at start-up: `{ "/": index.html, "/web/app.js": …, "/favicon.ico": favicon.svg }`.
 * Undefined when the folder has no index.html (a bare API).
 */
export async function loadWebAssets(dir: string): Promise<Record<string, WebAsset> | undefined> {
  const names = await readdir(dir).catch(() => [] as string[]);
  if (!names.includes('index.html')) return undefined;
  const assets: Record<string, WebAsset> = {};
  for (const name of names.sort()) {
    const type = TYPES[path.extname(name)];
    if (!type) continue;
    const body = await readFile(path.join(dir, name), 'utf8');
    assets[name === 'index.html' ? '/' : `/web/${name}`] = { body, type };
    if (name === 'favicon.svg') for (const alias of ['/favicon.svg', '/favicon.ico']) assets[alias] = { body, type };
  }
  return assets;
}

/** Serves the assets with a short cache (the page revalidates by ETag-less re-fetch after a minute). */
export function mountWebAssets<E extends Env>(app: Hono<E>, assets: Record<string, WebAsset>): void {
  for (const [route, asset] of Object.entries(assets)) {
    app.get(route, (c) => c.body(asset.body, 200, { 'content-type': asset.type, 'cache-control': 'no-cache' }));
  }
}
