/**
 * The overview page and the task list's counts, pages and search in a real
 * browser (Debian's chromium through playwright-core): the overview shows the
 * numbers `GET /v1/stats` answers and draws the throughput chart; the task
 * list pages with its cursor, filters by a click on a status count, and finds
 * a task by the start of its id and by a tag. Screenshots of every view go to
 * test-results/screenshots/.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { PermanentError } from '../../src/errors.js';
import type { HandlerRegistration } from '../../src/worker/types.js';
import { waitForTask } from '../support/harness.js';
import { haveChromium, screenshot, startDashboard, UI_TIMEOUT_MS, type DashboardSession } from './dashboard-browser.js';

/** Two steps; `b` fails for good when the context asks for it. */
const MIX = {
  namespace: 'ov',
  name: 'mix',
  version: '1',
  steps: [
    { name: 'a', handler: 'ov.ok' },
    { name: 'b', handler: 'ov.maybe', depends_on: ['a'] },
  ],
};

/** One step no worker here runs: its tasks stay pending, their steps in the ready backlog. */
const STUCK = { namespace: 'ov', name: 'stuck', version: '1', steps: [{ name: 'only', handler: 'ov.nobody' }] };

const handlers: HandlerRegistration[] = [
  { name: 'ov.ok', fn: async () => ({ ok: true }) },
  {
    name: 'ov.maybe',
    fn: async (ctx) => {
      if ((ctx.task.context as { fail?: boolean }).fail) throw new PermanentError('refused by the overview test', { code: 'refused' });
      return { ok: true };
    },
  },
];

describe.skipIf(!haveChromium && !process.env.CI)('dashboard overview and task list in a browser', () => {
  let session: DashboardSession | undefined;

  afterEach(async () => {
    await session?.close();
    session = undefined;
  });

  async function start() {
    session = await startDashboard({ handlers, templates: [MIX, STUCK] });
    return session;
  }

  async function stats(): Promise<any> {
    const res = await session!.app.inject({ method: 'GET', url: '/v1/stats' });
    expect(res.statusCode).toBe(200);
    return res.json();
  }

  it('shows the numbers GET /v1/stats answers, the throughput chart, and links a failing template to its failures', async () => {
    const { h, base, page } = await start();
    const ok = await Promise.all([0, 1, 2].map(() => h.engine.submit({ namespace: 'ov', name: 'mix', context: {} })));
    const failing = await Promise.all([0, 1].map(() => h.engine.submit({ namespace: 'ov', name: 'mix', context: { fail: true } })));
    for (const t of [...ok, ...failing]) await waitForTask(h.engine, t.id);
    await h.engine.submitMany(Array.from({ length: 4 }, () => ({ namespace: 'ov', name: 'stuck', context: {} })));
    const api = await stats();
    expect(api.throughput.completed).toBe(8);

    await page.goto(`${base}/`);
    await page.click('[data-testid="nav-overview"]');
    const value = (testid: string) => page.locator(`[data-testid="${testid}"]`).getAttribute('data-value');
    await expect.poll(() => value('stat-completed')).toBe(String(api.throughput.completed));
    expect(await value('stat-errors')).toBe(String(api.throughput.errors));
    expect(await value('stat-ready')).toBe(String(api.ready.total));
    expect(await value('stat-ready')).toBe('4');
    expect(Number(await value('stat-p50'))).toBeLessThanOrEqual(Number(await value('stat-p99')));
    await page.locator('[data-testid="throughput-chart"] canvas').waitFor();
    await page.locator('[data-testid="backlog-handler"][data-handler="ov.nobody"]', { hasText: '4' }).waitFor();
    const row = page.locator('[data-testid="error-template"][data-template="ov/mix"]');
    expect(await row.locator('[data-testid="error-template-steps"]').textContent()).toBe('2');
    expect(await row.locator('[data-testid="error-template-tasks"]').textContent()).toBe('2');
    expect(await page.locator('[data-testid="overview-status-complete"]').getAttribute('data-count')).toBe('3');
    await screenshot(page, 'overview');

    // A refresh changes the numbers in place: one more completed task shows without a reload.
    const more = await h.engine.submit({ namespace: 'ov', name: 'mix', context: {} });
    await waitForTask(h.engine, more.id);
    await expect.poll(() => value('stat-completed'), { timeout: UI_TIMEOUT_MS }).toBe('10');
    expect(await page.locator('[data-testid="throughput-chart"] canvas').count()).toBe(1);

    await page.selectOption('[data-testid="stats-window"]', '15m');
    await page.locator('[data-testid="stat-completed"][data-value="10"]').waitFor();
    expect(page.url()).toContain('window=15m');
    await screenshot(page, 'overview-15m');

    await row.locator('[data-testid="error-template-link"]').click();
    await page.locator('[data-testid="failure-group"][data-template="ov/mix"]').waitFor();
    expect(page.url()).toContain('#/failures?namespace=ov');
  }, 120_000);

  it('pages through the task list, filters it by a click on a status count, and finds tasks by id prefix and by tag', async () => {
    const { h, base, page } = await start();
    const done = await h.engine.submit({ namespace: 'ov', name: 'mix', context: {}, tags: ['finished'] });
    await waitForTask(h.engine, done.id);
    const stuck = await h.engine.submitMany(Array.from({ length: 55 }, (_, i) => ({ namespace: 'ov', name: 'stuck', context: {}, tags: i === 7 ? ['needle'] : ['hay'] })));

    await page.goto(`${base}/#/tasks?tag=hay`);
    const rows = page.locator('[data-testid="tasks-table"] tbody tr[data-task-id]');
    const shownIds = () => rows.evaluateAll((trs) => trs.map((tr) => (tr as HTMLElement).dataset.taskId));
    await page.locator('[data-testid="next-page"]').waitFor();
    expect(await rows.count()).toBe(25);
    const seen = new Set(await shownIds());
    await page.click('[data-testid="next-page"]');
    await page.locator('[data-testid="prev-page"]').waitFor();
    await expect.poll(async () => (await shownIds()).some((id) => seen.has(id))).toBe(false);
    expect(await rows.count()).toBe(25);
    for (const id of await shownIds()) seen.add(id);
    await page.click('[data-testid="next-page"]');
    await expect.poll(() => rows.count()).toBe(4);
    for (const id of await shownIds()) seen.add(id);
    expect(seen.size).toBe(54);
    expect(await page.locator('[data-testid="next-page"]').count()).toBe(0);
    await screenshot(page, 'tasks-last-page');
    await page.click('[data-testid="prev-page"]');
    await expect.poll(() => rows.count()).toBe(25);

    // Counts by status, each a filter.
    await page.goto(`${base}/#/tasks`);
    const pendingCount = page.locator('[data-testid="status-count-pending"] [data-testid="status-count-value"]');
    await expect.poll(() => pendingCount.textContent()).toBe('55');
    expect(await page.locator('[data-testid="status-count-complete"] [data-testid="status-count-value"]').textContent()).toBe('1');
    expect(await page.locator('[data-testid="status-count-all"] [data-testid="status-count-value"]').textContent()).toBe('56');
    await page.click('[data-testid="status-count-complete"]');
    await page.locator(`[data-testid="task-row-${done.id}"]`).waitFor();
    await expect.poll(() => rows.count()).toBe(1);
    expect(page.url()).toContain('status=complete');
    expect(await page.locator('[data-testid="status-count-complete"]').getAttribute('aria-current')).toBe('true');
    await screenshot(page, 'tasks-status-filter');

    // Search by the start of an id, then by a tag. Task ids are time-ordered (uuid v7): tasks submitted together share
    // their first digits, so the prefix runs into the random part.
    await page.goto(`${base}/#/tasks`);
    const target = stuck[30].id;
    const prefix = target.slice(0, 23);
    await page.fill('[data-testid="task-search"]', prefix.toUpperCase());
    await page.click('[data-testid="filter-apply"]');
    await page.locator(`[data-testid="task-row-${target}"]`).waitFor();
    const matching = [done, ...stuck].filter((t) => t.id.startsWith(prefix)).length;
    await expect.poll(() => rows.count()).toBe(matching);
    expect(page.url()).toContain(`id=${prefix}`);
    expect(await page.locator('[data-testid="select-matching"]').isDisabled()).toBe(true);
    await screenshot(page, 'tasks-search-id');

    await page.click('[data-testid="filter-reset"]');
    await expect.poll(() => rows.count()).toBe(25);
    await page.fill('[data-testid="task-search"]', 'needle');
    await page.click('[data-testid="filter-apply"]');
    await page.locator(`[data-testid="task-row-${stuck[7].id}"]`).waitFor();
    await expect.poll(() => rows.count()).toBe(1);
    expect(page.url()).toContain('tag=needle');
    await screenshot(page, 'tasks-search-tag');
  }, 120_000);
});
