/**
 * The interactive reference of the API (Swagger UI) at /api/v1/docs, every asset served
 * from the installed `swagger-ui-dist` package: no CDN, so it works offline, under a CSP
 * that allows scripts and styles from this server only (`'self'`, no inline script: the
 * start-up script is a file of its own). Swagger UI's telemetry dependency (@scarf/scarf)
 * never runs: its install script is not in package.json's allowScripts.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Context, Hono } from 'hono';

const ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'swagger-ui-standalone-preset.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
};

export const REFERENCE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  // Swagger UI sets style attributes from its scripts (React); no inline <style> or <script> is served.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const distDir = (() => {
  let dir: string | undefined;
  return () => (dir ??= dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json')));
})();
const cache = new Map<string, Buffer>();

function page(base: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>besitos admin API</title>
<link rel="stylesheet" href="${base}/docs/assets/swagger-ui.css">
<link rel="icon" type="image/png" href="${base}/docs/assets/favicon-32x32.png">
</head>
<body>
<div id="swagger-ui"></div>
<script src="${base}/docs/assets/swagger-ui-bundle.js"></script>
<script src="${base}/docs/assets/swagger-ui-standalone-preset.js"></script>
<script src="${base}/docs/start.js"></script>
</body>
</html>
`;
}

function startScript(base: string): string {
  return `window.ui = SwaggerUIBundle({
  url: ${JSON.stringify(`${base}/openapi.json`)},
  dom_id: '#swagger-ui',
  deepLinking: true,
  persistAuthorization: false,
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
  layout: 'StandaloneLayout',
});
`;
}

const headers = (type: string) => ({ 'content-type': type, 'content-security-policy': REFERENCE_CSP, 'cache-control': 'no-cache' });

/** Adds /docs, /docs/start.js and /docs/assets/* to `app`, whose routes live under `base` (e.g. /api/v1). */
export function addReferencePage(app: Hono<any>, base: string): void {
  app.get('/docs', (c) => c.body(page(base), 200, headers('text/html; charset=utf-8')));
  app.get('/docs/start.js', (c) => c.body(startScript(base), 200, headers('text/javascript; charset=utf-8')));
  app.get('/docs/assets/:file', (c: Context) => {
    const file = c.req.param('file') ?? '';
    const type = ASSETS[file];
    if (!type) return c.body(null, 404);
    let bytes = cache.get(file);
    if (!bytes) {
      bytes = readFileSync(join(distDir(), file));
      cache.set(file, bytes);
    }
    return c.body(new Uint8Array(bytes), 200, { ...headers(type), 'cache-control': 'public, max-age=86400' });
  });
}
