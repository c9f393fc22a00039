/**
 * The sandbox page: static HTML, CSS and ES modules from `public/`, read once at start-up and
 * served by name (a fixed list, so no path from the URL ever reaches the file system).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { HttpApp, HttpResponse } from '../http/http-server.js';

export const SANDBOX_ASSETS_PREFIX = '/sandbox/assets';
const PUBLIC_DIR = fileURLToPath(new URL('./public/', import.meta.url));
const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.svg': 'image/svg+xml' };
// The page loads only its own scripts and styles and talks only to this server.
const SECURITY_HEADERS = {
  'content-security-policy': "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

export function registerStaticAssets(app: HttpApp): void {
  const files = new Map<string, HttpResponse>();
  for (const name of readdirSync(PUBLIC_DIR)) {
    const type = TYPES[extname(name)];
    if (!type) continue;
    files.set(name, { status: 200, headers: { 'content-type': type, ...SECURITY_HEADERS }, body: readFileSync(join(PUBLIC_DIR, name), 'utf8') });
  }
  const index = files.get('index.html');
  if (!index) throw new Error('the sandbox page is missing (public/index.html)');
  app.route('GET', '/', () => index);
  // Browsers ask for it on every page; an empty answer keeps the console free of 404s.
  app.route('GET', '/favicon.ico', () => ({ status: 204 }));
  for (const [name, response] of files) app.route('GET', `${SANDBOX_ASSETS_PREFIX}/${name}`, () => response);
}
