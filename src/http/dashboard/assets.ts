/**
 * The dashboard's static files: its own stylesheet and script (`assets/dashboard/` at the
 * package root, beside `locales/`, found from src/ and dist/ alike) and Chart.js's UMD
 * bundle from node_modules. No CDN, no build step: the page works offline under a CSP that
 * allows scripts and styles from this server only. Read once, kept in memory.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Hono } from 'hono';
import { ASSETS } from './html.js';

const OWN_DIR = fileURLToPath(new URL('../../../assets/dashboard', import.meta.url));

const FILES: Record<string, { type: string; path: () => string }> = {
  'dashboard.css': { type: 'text/css; charset=utf-8', path: () => join(OWN_DIR, 'dashboard.css') },
  'dashboard.js': { type: 'text/javascript; charset=utf-8', path: () => join(OWN_DIR, 'dashboard.js') },
  // chart.js resolves to dist/chart.cjs; its self-contained browser bundle sits beside it.
  'chart.umd.min.js': { type: 'text/javascript; charset=utf-8', path: () => join(dirname(createRequire(import.meta.url).resolve('chart.js')), 'chart.umd.min.js') },
};

const cache = new Map<string, Buffer>();

export function addAssetRoutes(app: Hono<any>): void {
  app.get(`${ASSETS}/:file`, (c) => {
    const name = c.req.param('file');
    const file = Object.hasOwn(FILES, name) ? FILES[name] : undefined;
    if (!file) return c.body(null, 404);
    let body = cache.get(name);
    if (!body) cache.set(name, (body = readFileSync(file.path())));
    return c.body(new Uint8Array(body), 200, { 'content-type': file.type, 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff' });
  });
}
