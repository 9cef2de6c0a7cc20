import type { Router } from 'express';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const resolve = createRequire(import.meta.url).resolve;

// htmx and its SSE extension come from their npm packages and are served by this process: no CDN (the console
// works offline and on a closed network) and no build step. The stylesheet and one small script sit beside this module.
const files: Record<string, { path: string; type: string }> = {
  'console.css': { path: new URL('./assets/console.css', import.meta.url).pathname, type: 'text/css; charset=utf-8' },
  'console.js': { path: new URL('./assets/console.js', import.meta.url).pathname, type: 'text/javascript; charset=utf-8' },
  'htmx.min.js': { path: resolve('htmx.org/dist/htmx.min.js'), type: 'text/javascript; charset=utf-8' },
  'sse.min.js': { path: resolve('htmx-ext-sse/dist/sse.min.js'), type: 'text/javascript; charset=utf-8' },
};

export function assetRoutes(router: Router) {
  // Read once at start: a missing package fails here, not on the first page.
  const loaded = new Map(Object.entries(files).map(([name, file]) => [name, { body: readFileSync(file.path), type: file.type }]));
  router.get('/assets/:file', (req, res, next) => {
    const asset = loaded.get(req.params.file!);
    if (!asset) return next();
    res.set({ 'Content-Type': asset.type, 'Cache-Control': 'public, max-age=3600' }).send(asset.body);
  });
}
