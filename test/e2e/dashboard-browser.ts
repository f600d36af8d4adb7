/**
 * Shared setup of the dashboard's browser tests: a harness (engine and
 * worker) on the test backend, the HTTP API on a real socket, and Debian's
 * chromium driven by playwright-core in a throwaway profile. Screenshots are
 * kept as test artifacts under test-results/screenshots/ (git-ignored).
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import type { BatonConfig } from '../../src/config/schema.js';
import type { HandlerFn, HandlerRegistration } from '../../src/worker/types.js';
import type { JsonObject } from '../../src/domain/types.js';
import { buildTestServer } from '../support/server.js';
import { PG_URL } from '../support/db.js';
import { startHarness, type Harness } from '../support/harness.js';
import { testLogger } from '../support/logger.js';

export const CHROMIUM = '/usr/bin/chromium';
export const haveChromium = existsSync(CHROMIUM);
/** Where `screenshot` writes: one `<name>.png` per view a test looks at. */
export const SCREENSHOTS = fileURLToPath(new URL('../../test-results/screenshots/', import.meta.url));
/** How long a page waits for an element before the test fails. */
export const UI_TIMEOUT_MS = 15_000;

export interface DashboardSession {
  h: Harness;
  app: FastifyInstance;
  /** `http://127.0.0.1:<port>` */
  base: string;
  page: Page;
  /** Uncaught errors of the page's scripts: a test ends by checking there are none. */
  pageErrors: Error[];
  close(): Promise<void>;
}

/**
 * Starts Baton with `handlers` and `templates` registered, and a browser on it.
 * Close the session in `afterEach` (it closes what it started, even half-way).
 */
export async function startDashboard(opts: { handlers: HandlerRegistration[]; templates: object[]; config?: (c: BatonConfig) => void }): Promise<DashboardSession> {
  if (!haveChromium) throw new Error(`${CHROMIUM} is missing; install it with apt-get install -y chromium (.ci/run does)`);
  let h: Harness | undefined;
  let app: FastifyInstance | undefined;
  let context: BrowserContext | undefined;
  const profileDir = mkdtempSync(join(tmpdir(), 'baton-chromium-'));
  const close = async () => {
    await context?.close();
    await app?.close();
    await h?.close();
    rmSync(profileDir, { recursive: true, force: true });
  };
  try {
    h = await startHarness(PG_URL ? 'pg' : 'pglite', { handlers: opts.handlers, ...(opts.config ? { config: opts.config } : {}) });
    app = await buildTestServer({ engine: h.engine, config: h.runtime.config, logger: testLogger });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    for (const template of opts.templates) await h.engine.registerTemplate(template);
    context = await chromium.launchPersistentContext(profileDir, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1360, height: 860 },
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    const page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(UI_TIMEOUT_MS);
    const pageErrors: Error[] = [];
    page.on('pageerror', (err) => {
      pageErrors.push(err);
      testLogger.error({ err }, 'dashboard page error');
    });
    return { h, app, base, page, pageErrors, close };
  } catch (err) {
    await close();
    throw err;
  }
}

/** Saves the whole page as `test-results/screenshots/<name>.png`, transitions finished. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true, animations: 'disabled' });
}

/** A step's node in the task graph, in a given state. */
export const stepNode = (page: Page, step: string, state: string) => page.locator(`[data-testid="step-node-${step}"][data-state="${state}"]`);

/**
 * A handler that runs until its step is cancelled (its signal aborts), then
 * fails; bounded (it answers `output` after 45 s) so a broken cancel cannot hang the suite.
 */
export function runUntilCancelled(output: JsonObject): HandlerFn {
  return (ctx) =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => resolve(output), 45_000);
      ctx.signal.addEventListener('abort', () => (clearTimeout(timer), reject(new Error('aborted'))), { once: true });
    });
}
