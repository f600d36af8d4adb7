/**
 * The task side of the dashboard in a real browser: the timeline of a step's
 * attempts (a failed attempt, its backoff, the retry), "run again with this
 * context", the "run task" form generated from a template's input_schema
 * (the server's validation errors beside the fields), retry and resolve of a
 * step in error (and the API's refusal shown), and the whole loop: run a task
 * from the form, see it fail, retry the step, see it complete.
 * Screenshots go to test-results/screenshots/.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { HandlerRegistration } from '../../src/worker/types.js';
import { waitForTask } from '../support/harness.js';
import { haveChromium, runUntilCancelled, screenshot, startDashboard, stepNode, type DashboardSession } from './dashboard-browser.js';

/** A step that fails its first attempt, then succeeds after a visible backoff. */
const RETRIED = {
  namespace: 'dt',
  name: 'retried',
  version: '1',
  steps: [
    { name: 'prepare', handler: 'dt.quick' },
    { name: 'charge', handler: 'dt.flaky_once', depends_on: ['prepare'], retry: { max_attempts: 3, backoff: 'fixed', base_ms: 300, jitter: false } },
    { name: 'receipt', handler: 'dt.quick', depends_on: ['charge'] },
  ],
};

/** An order with an input schema; `ship` fails (two attempts, then error) while `shipping.failing` is set. */
const ORDER = {
  namespace: 'dt',
  name: 'order',
  version: '1',
  description: 'Ships an order',
  input_schema: {
    type: 'object',
    required: ['order_id', 'quantity'],
    properties: {
      order_id: { type: 'string', title: 'Order id', description: 'The shop’s order number' },
      quantity: { type: 'integer', minimum: 1, default: 1 },
      size: { enum: ['S', 'M', 'L'] },
      express: { type: 'boolean' },
      notes: { type: 'array', items: { type: 'string' } },
    },
  },
  steps: [
    { name: 'validate', handler: 'dt.quick' },
    { name: 'ship', handler: 'dt.ship', depends_on: ['validate'], retry: { max_attempts: 2, backoff: 'fixed', base_ms: 100, jitter: false } },
    { name: 'notify', handler: 'dt.quick', depends_on: ['ship'] },
  ],
};

/** `ship` errors while `hold` keeps the task running (on_failure: continue), so the task can be cancelled with `ship` in error. */
const PAIR = {
  namespace: 'dt',
  name: 'pair',
  version: '1',
  on_failure: 'continue',
  steps: [
    { name: 'ship', handler: 'dt.ship', retry: { max_attempts: 1 } },
    { name: 'hold', handler: 'dt.hold' },
  ],
};

function handlers(shipping: { failing: boolean }): HandlerRegistration[] {
  return [
    { name: 'dt.quick', fn: async (ctx) => ({ step: ctx.step.name }) },
    {
      name: 'dt.flaky_once',
      fn: async (ctx) => {
        if (ctx.step.attempt === 1) throw new Error('the payment gateway timed out');
        return { charged: true, attempt: ctx.step.attempt };
      },
    },
    {
      name: 'dt.ship',
      fn: async () => {
        if (shipping.failing) throw Object.assign(new Error('the carrier is down'), { code: 'carrier_down' });
        return { shipped: true };
      },
    },
    { name: 'dt.hold', fn: runUntilCancelled({ held: true }) },
  ];
}

const bars = (page: Page, step: string, kind: string) => page.locator(`[data-testid="timeline-row-${step}"] [data-testid="timeline-bar"][data-kind="${kind}"]`);

describe.skipIf(!haveChromium && !process.env.CI)('dashboard task view, run form and operator actions in a browser', () => {
  let session: DashboardSession | undefined;
  const shipping = { failing: true };

  afterEach(async () => {
    shipping.failing = true;
    await session?.close();
    session = undefined;
  });

  async function start() {
    session = await startDashboard({ handlers: handlers(shipping), templates: [RETRIED, ORDER, PAIR] });
    return session;
  }

  it('draws a bar per attempt on the timeline: the failed attempt, its backoff, and the retry that completed', async () => {
    const { h, base, page, pageErrors } = await start();
    const task = await h.engine.submit({ namespace: 'dt', name: 'retried', context: { amount: 12 } });

    await page.goto(`${base}/#/tasks/${task.id}`);
    await page.locator('[data-testid="timeline"]').waitFor();
    await page.locator('[data-testid="task-status"][data-state="complete"]').waitFor();
    await expect.poll(() => bars(page, 'charge', 'run').count()).toBe(2);
    expect(await bars(page, 'charge', 'run').nth(0).getAttribute('data-outcome')).toBe('failed');
    expect(await bars(page, 'charge', 'run').nth(0).getAttribute('data-attempt')).toBe('1');
    expect(await bars(page, 'charge', 'run').nth(1).getAttribute('data-outcome')).toBe('complete');
    expect(await bars(page, 'charge', 'run').nth(1).getAttribute('data-attempt')).toBe('2');
    expect(await bars(page, 'charge', 'backoff').count()).toBe(1);
    expect(await bars(page, 'charge', 'backoff').getAttribute('title')).toContain('retry in 300 ms');
    expect(await bars(page, 'charge', 'run').nth(0).getAttribute('title')).toContain('the payment gateway timed out');
    expect(await bars(page, 'prepare', 'run').count()).toBe(1);
    expect(await bars(page, 'receipt', 'run').count()).toBe(1);
    expect(await page.locator('[data-testid="timeline-row-charge"] .tl-count').textContent()).toBe(' ×2');
    // The bars are in time order: the backoff starts where the failed attempt ended, the retry after it.
    const box = async (kind: string, n: number) => (await bars(page, 'charge', kind).nth(n).boundingBox())!;
    const [failed, backoff, retried] = [await box('run', 0), await box('backoff', 0), await box('run', 1)];
    expect(backoff.x).toBeGreaterThanOrEqual(failed.x);
    expect(retried.x).toBeGreaterThanOrEqual(backoff.x + backoff.width - 1);
    // A step's name on the timeline opens its details.
    await page.click('[data-testid="timeline-row-charge"] .tl-label');
    await page.locator('[data-testid="step-details"][data-step="charge"]').waitFor();
    await page.locator('[data-testid="timeline-row-charge"].selected').waitFor();
    await screenshot(page, 'task-timeline');
    expect(pageErrors).toEqual([]);
  }, 120_000);

  it('runs a task again with the same template and context from the task view, after showing the context in a dialog', async () => {
    const { h, base, page, pageErrors } = await start();
    shipping.failing = false;
    const context = { order_id: 'B-7', quantity: 3, notes: ['fragile'] };
    const first = await h.engine.submit({ namespace: 'dt', name: 'order', context, tags: ['again'] });
    await waitForTask(h.engine, first.id);

    await page.goto(`${base}/#/tasks/${first.id}`);
    await page.locator('[data-testid="task-status"][data-state="complete"]').waitFor();
    await page.click('[data-testid="run-again"]');
    const dialog = page.locator('[data-testid="run-again-dialog"][open]');
    await dialog.waitFor();
    expect(JSON.parse(await page.inputValue('[data-testid="run-again-context"]'))).toEqual(context);
    await screenshot(page, 'task-run-again');

    // A context the schema refuses stays in the dialog with the server's reason.
    await page.fill('[data-testid="run-again-context"]', '{"order_id": "B-7"}');
    await page.click('[data-testid="run-again-submit"]');
    await dialog.locator('[data-testid="submit-error"][data-code="invalid_context"]', { hasText: 'quantity' }).waitFor();

    await page.fill('[data-testid="run-again-context"]', JSON.stringify(context));
    await page.click('[data-testid="run-again-submit"]');
    await page.locator('[data-testid="task-id"]', { hasNotText: first.id }).waitFor();
    const newId = (await page.locator('[data-testid="task-id"]').textContent())!;
    expect(page.url()).toContain(`#/tasks/${newId}`);
    const again = await waitForTask(h.engine, newId);
    expect(again).toMatchObject({ namespace: 'dt', name: 'order', version: '1', context, tags: ['again'], status: 'complete' });
    expect((await h.engine.listTasks({ namespace: 'dt', name: 'order', limit: 10 })).tasks).toHaveLength(2);
    expect(pageErrors).toEqual([]);
  }, 120_000);

  it("builds the run form from the template's input_schema, shows the server's errors beside their fields, then submits a valid context", async () => {
    const { h, base, page, pageErrors } = await start();
    shipping.failing = false;

    await page.goto(`${base}/#/templates`);
    await page.click('[data-testid="template-run-dt/order/1"]');
    const form = page.locator('[data-testid="run-form"][data-template="dt/order/1"]');
    await form.waitFor();
    // One field per property, required ones marked, defaults filled in.
    for (const key of ['order_id', 'quantity', 'size', 'express', 'notes']) await form.locator(`[data-testid="field-${key}"]`).waitFor();
    expect(await form.locator('[data-field="order_id"] .required').count()).toBe(1);
    expect(await form.locator('[data-field="size"] .required').count()).toBe(0);
    expect(await page.inputValue('[data-testid="field-quantity"]')).toBe('1');
    expect(await form.locator('[data-testid="field-size"] option').allTextContents()).toEqual(['— not set —', 'S', 'M', 'L']);

    // Nothing typed in the required order id, a quantity under the minimum: the server's answer, on the fields.
    await page.fill('[data-testid="field-quantity"]', '0');
    await page.click('[data-testid="run-submit"]');
    await page.locator('[data-testid="field-error-order_id"]', { hasText: "must have required property 'order_id'" }).waitFor();
    await page.locator('[data-testid="field-error-quantity"]', { hasText: 'must be >= 1' }).waitFor();
    await page.locator('[data-testid="submit-error"][data-status="400"]').waitFor();
    expect(await page.locator('[data-testid="field-error-size"]').isHidden()).toBe(true);
    expect(await page.locator('[data-testid="field-quantity"]').getAttribute('aria-invalid')).toBe('true');
    // A JSON field that is not JSON is caught before sending.
    await page.fill('[data-testid="field-notes"]', '["gift wrap"');
    await page.click('[data-testid="run-submit"]');
    await page.locator('[data-testid="field-error-notes"]', { hasText: 'is not JSON' }).waitFor();
    await screenshot(page, 'run-form-errors');
    expect((await h.engine.listTasks({ namespace: 'dt', name: 'order', limit: 10 })).tasks).toHaveLength(0);

    await page.fill('[data-testid="field-order_id"]', 'A-1');
    await page.fill('[data-testid="field-quantity"]', '2');
    await page.selectOption('[data-testid="field-size"]', { label: 'M' });
    await page.selectOption('[data-testid="field-express"]', 'true');
    await page.fill('[data-testid="field-notes"]', '["gift wrap"]');
    await page.click('[data-testid="run-options"] summary');
    await page.fill('[data-testid="run-tags"]', 'from-form, manual');
    await page.click('[data-testid="run-submit"]');
    const taskId = page.locator('[data-testid="task-id"]');
    await taskId.waitFor();
    const id = (await taskId.textContent())!;
    const task = await waitForTask(h.engine, id);
    expect(task).toMatchObject({
      namespace: 'dt',
      name: 'order',
      version: '1',
      context: { order_id: 'A-1', quantity: 2, size: 'M', express: true, notes: ['gift wrap'] },
      tags: ['from-form', 'manual'],
      status: 'complete',
    });
    await page.locator('[data-testid="task-status"][data-state="complete"]').waitFor();
    await screenshot(page, 'run-form-submitted');

    // A template without an input schema takes its context as JSON, from the template's page.
    await page.goto(`${base}/#/templates/dt/retried/1`);
    await page.click('[data-testid="template-run"]');
    await page.locator('[data-testid="run-form"][data-template="dt/retried/1"] [data-testid="run-context"]').waitFor();
    expect(await page.inputValue('[data-testid="run-context"]')).toBe('{}');
    await page.fill('[data-testid="run-context"]', '{"amount": ');
    await page.click('[data-testid="run-submit"]');
    await page.locator('[data-testid="field-error-context"]', { hasText: 'not JSON' }).waitFor();
    await page.fill('[data-testid="run-context"]', '{"amount": 5}');
    await screenshot(page, 'run-form-json');
    await page.click('[data-testid="run-submit"]');
    await page.locator('[data-testid="task-id"]').waitFor();
    const plain = await waitForTask(h.engine, (await page.locator('[data-testid="task-id"]').textContent())!);
    expect(plain).toMatchObject({ name: 'retried', context: { amount: 5 }, status: 'complete' });
    expect(pageErrors).toEqual([]);
  }, 120_000);

  it('resolves a step in error with an output typed in, retries another, and shows the API refusing a retry on a cancelled task', async () => {
    const { h, base, page, pageErrors } = await start();
    const [toResolve, toRetry] = await h.engine.submitMany([
      { namespace: 'dt', name: 'order', context: { order_id: 'R-1', quantity: 1 } },
      { namespace: 'dt', name: 'order', context: { order_id: 'R-2', quantity: 1 } },
    ]);
    const pair = await h.engine.submit({ namespace: 'dt', name: 'pair', context: {} });
    for (const t of [toResolve, toRetry]) expect((await waitForTask(h.engine, t.id)).status).toBe('error');

    // Resolve: the output is checked as JSON first, then the task goes on with it.
    await page.goto(`${base}/#/tasks/${toResolve.id}?step=ship`);
    const details = page.locator('[data-testid="step-details"][data-step="ship"]');
    await details.locator('[data-testid="step-state"][data-state="error"]').waitFor();
    await details.locator('[data-testid="step-actions"]').waitFor();
    await details.locator('[data-testid="step-resolve"]').click();
    await page.fill('[data-testid="resolve-output"]', '{"tracking": ');
    await page.click('[data-testid="resolve-send"]');
    await details.locator('[data-testid="step-action-error"]', { hasText: 'not JSON' }).waitFor();
    await page.fill('[data-testid="resolve-output"]', '{"tracking": "TRK-9", "shipped": true}');
    await screenshot(page, 'step-resolve-editor');
    await page.click('[data-testid="resolve-send"]');
    await stepNode(page, 'ship', 'resolved').waitFor();
    await stepNode(page, 'notify', 'complete').waitFor();
    await page.locator('[data-testid="task-status"][data-state="complete"]').waitFor();
    await details.locator('[data-testid="step-actions"]').waitFor({ state: 'detached' });
    const resolved = await h.engine.getTask(toResolve.id);
    expect(resolved.steps.find((st) => st.name === 'ship')).toMatchObject({ state: 'resolved', output: { tracking: 'TRK-9', shipped: true } });
    await screenshot(page, 'step-resolved');

    // Retry: the step runs again with fresh attempts (the carrier is back) and the task completes.
    shipping.failing = false;
    await page.goto(`${base}/#/tasks/${toRetry.id}?step=ship`);
    await details.locator('[data-testid="step-retry"]').click();
    await stepNode(page, 'ship', 'complete').waitFor();
    await page.locator('[data-testid="task-status"][data-state="complete"]').waitFor();
    expect((await h.engine.getTask(toRetry.id)).steps.map((st) => st.state)).toEqual(['complete', 'complete', 'complete']);

    // Refused: the task was cancelled with its step in error; the API's message is shown and nothing changes.
    await waitForTask(h.engine, pair.id, { until: (t) => t.steps.find((st) => st.name === 'ship')?.state === 'error' });
    await h.engine.cancel(pair.id);
    await page.goto(`${base}/#/tasks/${pair.id}?step=ship`);
    await page.locator('[data-testid="task-status"][data-state="cancelled"]').waitFor();
    await details.locator('[data-testid="step-retry"]').click();
    await details.locator('[data-testid="step-action-error"]', { hasText: 'cancelled' }).waitFor();
    expect(await details.locator('[data-testid="step-action-error"]').textContent()).toContain('409');
    await screenshot(page, 'step-retry-refused');
    expect((await h.engine.getTask(pair.id)).steps.find((st) => st.name === 'ship')?.state).toBe('error');
    expect(pageErrors).toEqual([]);
  }, 120_000);

  it('runs the whole loop: a task run from the form fails, its step is retried from the page, and it completes', async () => {
    const { h, base, page, pageErrors } = await start();

    await page.goto(`${base}/`);
    await page.click('[data-testid="nav-templates"]');
    await page.locator('[data-testid="template-run-dt/order/1"]').waitFor();
    await screenshot(page, 'templates-run-links');
    await page.click('[data-testid="template-run-dt/order/1"]');
    await page.fill('[data-testid="field-order_id"]', 'LOOP-1');
    await page.fill('[data-testid="field-quantity"]', '5');
    await screenshot(page, 'loop-1-form');
    await page.click('[data-testid="run-submit"]');

    // It fails: both attempts of `ship`, then the step and the task are in error, live on the page.
    await stepNode(page, 'ship', 'error').waitFor();
    await page.locator('[data-testid="task-status"][data-state="error"]').waitFor();
    await stepNode(page, 'notify', 'skipped').waitFor();
    const id = (await page.locator('[data-testid="task-id"]').textContent())!;
    expect((await h.engine.getTask(id)).context).toEqual({ order_id: 'LOOP-1', quantity: 5 });
    await expect.poll(() => bars(page, 'ship', 'run').count()).toBe(2);
    expect(await bars(page, 'ship', 'backoff').count()).toBe(1);
    await page.click('[data-testid="step-node-ship"]');
    const details = page.locator('[data-testid="step-details"][data-step="ship"]');
    await details.locator('[data-testid="step-error"]', { hasText: 'the carrier is down' }).waitFor();
    await screenshot(page, 'loop-2-failed');

    // The carrier is back: retry the step from the page.
    shipping.failing = false;
    await details.locator('[data-testid="step-retry"]').click();
    await stepNode(page, 'ship', 'complete').waitFor();
    await stepNode(page, 'notify', 'complete').waitFor();
    await page.locator('[data-testid="task-status"][data-state="complete"]').waitFor();
    await expect.poll(() => bars(page, 'ship', 'run').count()).toBe(3);
    expect(await bars(page, 'ship', 'run').last().getAttribute('data-outcome')).toBe('complete');
    // The time the step sat in error, until the retry from the page.
    expect(await bars(page, 'ship', 'halted').count()).toBe(1);
    expect(await bars(page, 'ship', 'halted').getAttribute('title')).toContain('until retried');
    expect(await bars(page, 'notify', 'run').count()).toBe(1);
    await screenshot(page, 'loop-3-complete');

    const done = await h.engine.getTask(id);
    expect(done.status).toBe('complete');
    expect(done.steps.map((st) => [st.name, st.state])).toEqual([
      ['validate', 'complete'],
      ['ship', 'complete'],
      ['notify', 'complete'],
    ]);
    expect(pageErrors).toEqual([]);
  }, 120_000);
});
