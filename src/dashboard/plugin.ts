/**
 * The dashboard (DESIGN §4 `GET /`): static HTML, CSS and ES modules served by
 * Baton itself, no build step. The page talks to the public API with the
 * user's token (stored in the browser), so these routes need no auth: they
 * hold no data.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { BatonError } from '../errors.js';

/** Path prefix of the asset files; `GET /` serves `index.html`. */
export const DASHBOARD_PREFIX = '/dashboard/';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/**
 * Everything the page loads comes from this origin; the page builds its DOM
 * with createElement/textContent, so no inline script or style is needed.
 */
const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  // Small files, changed by upgrades: revalidate rather than serve a stale page against a newer API.
  'cache-control': 'no-cache',
} as const;

interface Asset {
  body: Buffer;
  type: string;
}

/** The assets directory: beside this file under src/, or back in src/ when running compiled from dist/src/ (tsc copies no assets). */
export function dashboardAssetsDir(): string {
  const candidates = [new URL('./assets/', import.meta.url), new URL('../../../src/dashboard/assets/', import.meta.url)];
  for (const url of candidates) {
    const dir = fileURLToPath(url);
    if (existsSync(join(dir, 'index.html'))) return dir;
  }
  throw new Error('cannot find the dashboard assets (src/dashboard/assets/index.html)');
}

/** Reads every asset once; the set of files is fixed at start, so a request can only name one of them. */
export function loadDashboardAssets(dir = dashboardAssetsDir()): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  for (const file of readdirSync(dir)) {
    const type = CONTENT_TYPES[extname(file)];
    if (type) assets.set(file, { body: readFileSync(join(dir, file)), type });
  }
  return assets;
}

function send(reply: FastifyReply, asset: Asset): FastifyReply {
  return reply.headers(SECURITY_HEADERS).type(asset.type).send(asset.body);
}

/** Registers `GET /` and `GET /dashboard/<file>`. */
export async function dashboardRoutes(app: FastifyInstance): Promise<void> {
  const assets = loadDashboardAssets();
  const index = assets.get('index.html')!;

  // Only these two routes: each has an `open` entry in the access table (src/api/auth.ts).
  app.get('/', async (_request, reply) => send(reply, index));
  app.get('/dashboard/*', async (request, reply) => {
    const file = (request.params as { '*': string })['*'];
    if (file === '') return reply.redirect('/');
    const asset = assets.get(file);
    if (!asset) throw new BatonError('not_found', `no dashboard file ${JSON.stringify(file)}; open / for the dashboard`);
    return send(reply, asset);
  });
}
