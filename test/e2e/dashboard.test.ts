/**
 * The dashboard in a real browser (Debian's chromium through playwright-core):
 * a step goes from running to complete on the graph without a reload (SSE), a
 * task is cancelled with a click, the page works under auth with a token
 * typed into it, a wait step is approved from its signal form, schedules
 * are listed, triggered and paused, and a parent and its child workflow link
 * to each other, the child's live state showing in the parent's graph, failed
 * tasks are retried from the failures page, and running tasks are cancelled
 * from the task list's selection. Screenshots go to test-results/screenshots/.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createToken } from '../../src/api/token.js';
import { PermanentError } from '../../src/errors.js';
import type { BatonConfig } from '../../src/config/schema.js';
import type { HandlerRegistration } from '../../src/worker/types.js';
import { waitForTask } from '../support/harness.js';
import { haveChromium, runUntilCancelled, screenshot, startDashboard, stepNode, type DashboardSession } from './dashboard-browser.js';

const SECRET = 'dashboard-test-secret-0123456789abcdef';

const GATED = {
  namespace: 'dash',
  name: 'gated',
  version: '1',
  description: 'Waits on a gate the test opens',
  steps: [
    { name: 'prepare', handler: 'dash.quick' },
    { name: 'wait_gate', handler: 'dash.gate', depends_on: ['prepare'] },
    { name: 'audit', handler: 'dash.quick', depends_on: ['prepare'] },
    { name: 'finish', handler: 'dash.quick', depends_on: ['wait_gate', 'audit'] },
  ],
};

const LONG = {
  namespace: 'dash',
  name: 'long',
  version: '1',
  steps: [
    { name: 'sleep', handler: 'dash.long' },
    { name: 'after', handler: 'dash.quick', depends_on: ['sleep'] },
  ],
};

/** A manager's approval (as examples/templates/expense_approval.yaml): a wait step on signal `approval`. */
const EXPENSE = {
  namespace: 'dash',
  name: 'expense',
  version: '1',
  steps: [
    { name: 'submit', handler: 'dash.quick' },
    {
      name: 'approve',
      kind: 'wait',
      depends_on: ['submit'],
      wait: {
        signal: 'approval',
        timeout: '48h',
        on_timeout: 'fail',
        schema: { type: 'object', required: ['approved'], properties: { approved: { type: 'boolean' }, comment: { type: 'string' } } },
      },
    },
    { name: 'pay', handler: 'dash.quick', depends_on: ['approve'] },
  ],
};

const QUICK = { namespace: 'dash', name: 'quick', version: '1', steps: [{ name: 'only', handler: 'dash.quick' }] };

/** A child workflow that waits for signal `go`, and a parent that starts it (children are registered before their parents). */
const CHILD = {
  namespace: 'dash',
  name: 'child',
  version: '1',
  steps: [
    { name: 'start', handler: 'dash.quick' },
    { name: 'hold', kind: 'wait', depends_on: ['start'], wait: { signal: 'go' } },
  ],
};

const PARENT = {
  namespace: 'dash',
  name: 'parent',
  version: '1',
  steps: [
    { name: 'before', handler: 'dash.quick' },
    { name: 'spawn', kind: 'workflow', depends_on: ['before'], workflow: { namespace: 'dash', name: 'child', context: { from: '${steps.before.step}' } } },
    { name: 'after', handler: 'dash.quick', depends_on: ['spawn'] },
  ],
};

/** A step that fails permanently (code `card_declined`) while `flaky.failing` is set. */
const FLAKY = {
  namespace: 'dash',
  name: 'flaky',
  version: '1',
  steps: [
    { name: 'charge', handler: 'dash.flaky' },
    { name: 'receipt', handler: 'dash.quick', depends_on: ['charge'] },
  ],
};

/** One step at a time per customer: a second task of the same customer waits for the first's `work` step. */
const SERIAL = {
  namespace: 'dash',
  name: 'serial',
  version: '1',
  steps: [{ name: 'work', handler: 'dash.long', concurrency: { key: 'customer:${context.customer}', limit: 1 } }],
};

/** A promise the test resolves: the gate step's handler waits on it. */
function createGate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

function handlers(gate: Promise<void>, flaky: { failing: boolean }): HandlerRegistration[] {
  return [
    { name: 'dash.quick', fn: async (ctx) => ({ step: ctx.step.name, ok: true }) },
    {
      name: 'dash.flaky',
      fn: async () => {
        if (flaky.failing) throw new PermanentError('card declined by the test bank', { code: 'card_declined' });
        return { charged: true };
      },
    },
    { name: 'dash.gate', fn: async () => (await gate, { released: true }) },
    { name: 'dash.long', fn: runUntilCancelled({ slept: true }) },
  ];
}

describe.skipIf(!haveChromium && !process.env.CI)('dashboard in a browser', () => {
  let session: DashboardSession | undefined;
  let gate = createGate();
  const flaky = { failing: true };

  afterEach(async () => {
    flaky.failing = true;
    gate.open();
    await session?.close();
    session = undefined;
    gate = createGate();
  });

  async function start(config?: (c: BatonConfig) => void) {
    const templates = [GATED, LONG, EXPENSE, QUICK, CHILD, PARENT, FLAKY, SERIAL];
    session = await startDashboard({ handlers: handlers(gate.opened, flaky), templates, config });
    return session;
  }

  it('shows a step turn from running to complete on the graph without a reload, and cancels a task with a click', async () => {
    const { h, app, base, page } = await start();
    const first = await h.engine.submit({ namespace: 'dash', name: 'gated', context: { order: 42 }, tags: ['e2e'] });

    await page.goto(`${base}/`);
    await page.locator(`[data-testid="task-row-${first.id}"]`).waitFor();
    await screenshot(page, '01-tasks');

    await page.click(`[data-testid="task-link-${first.id}"]`);
    await stepNode(page, 'wait_gate', 'running').waitFor();
    await stepNode(page, 'prepare', 'complete').waitFor();
    await page.locator('[data-testid="feed-status"][data-state="live"]').waitFor();
    await page.click('[data-testid="step-node-wait_gate"]');
    await page.locator('[data-testid="step-details"][data-step="wait_gate"] [data-testid="step-state"][data-state="running"]').waitFor();
    expect(await page.locator('[data-testid="task-status"]').getAttribute('data-state')).toBe('running');
    await screenshot(page, '02-step-running');

    // Marks this document: a reload or navigation would lose the mark.
    await page.evaluate(() => ((window as unknown as { batonMark: number }).batonMark = 1));
    gate.open();
    await stepNode(page, 'wait_gate', 'complete').waitFor();
    await stepNode(page, 'finish', 'complete').waitFor();
    await page.locator('[data-testid="task-status"][data-state="complete"]').waitFor();
    await page.locator('[data-testid="step-output"]').waitFor();
    expect(await page.evaluate(() => (window as unknown as { batonMark?: number }).batonMark)).toBe(1);
    expect(await page.locator('[data-testid="step-transitions"] li').count()).toBeGreaterThanOrEqual(3);
    await page.locator('[data-testid="cancel-task"]:disabled').waitFor();
    await screenshot(page, '03-task-complete');

    const second = await h.engine.submit({ namespace: 'dash', name: 'long', context: {} });
    await page.click('[data-testid="nav-tasks"]');
    await page.locator(`[data-testid="task-status-${second.id}"][data-state="running"]`).waitFor();
    await page.click(`[data-testid="task-link-${second.id}"]`);
    await stepNode(page, 'sleep', 'running').waitFor();
    page.once('dialog', (dialog) => void dialog.accept());
    await page.click('[data-testid="cancel-task"]');
    await page.locator('[data-testid="task-status"][data-state="cancelled"]').waitFor();
    await stepNode(page, 'after', 'skipped')
      .or(stepNode(page, 'after', 'cancelled'))
      .waitFor();
    await page.locator('[data-testid="task-finished"]', { hasNotText: '—' }).waitFor();
    await page.click('[data-testid="step-node-sleep"]');
    await page.locator('[data-testid="step-details"][data-step="sleep"] [data-testid="step-state"][data-state="cancelled"]').waitFor();
    await screenshot(page, '04-task-cancelled');

    const res = await app.inject({ method: 'GET', url: `/v1/tasks/${second.id}` });
    expect(res.json().task.status).toBe('cancelled');
    expect((await waitForTask(h.engine, first.id)).status).toBe('complete');

    await page.click('[data-testid="nav-workers"]');
    await page.locator('[data-testid="workers-table"] tbody tr').first().waitFor();
    await screenshot(page, '05-workers');

    await page.goto(`${base}/#/templates/dash/gated/1`);
    await page.locator('[data-testid="template-dag"] [data-testid="step-node-finish"]').waitFor();
    await page.click('[data-testid="template-dag"] [data-testid="step-node-wait_gate"]');
    await page.locator('[data-testid="template-step-details"]').getByText('dash.gate').waitFor();
    await screenshot(page, '06-template');
  }, 120_000);

  it('filters the task list by status, template and tag, and pages through it with the cursor', async () => {
    const { h, base, page } = await start();
    const gated = await h.engine.submit({ namespace: 'dash', name: 'gated', context: {}, tags: ['solo'] });
    gate.open();
    await waitForTask(h.engine, gated.id);
    await h.engine.submitMany(Array.from({ length: 27 }, () => ({ namespace: 'dash', name: 'long', context: {}, tags: ['bulk'] })));

    await page.goto(`${base}/#/tasks?tag=bulk`);
    const rows = page.locator('[data-testid="tasks-table"] tbody tr[data-task-id]');
    await page.locator('[data-testid="next-page"]').waitFor();
    expect(await rows.count()).toBe(25);
    await page.click('[data-testid="next-page"]');
    await page.locator('[data-testid="prev-page"]').waitFor();
    await expect.poll(() => rows.count()).toBe(2);
    await screenshot(page, '08-second-page');
    await page.click('[data-testid="prev-page"]');
    await expect.poll(() => rows.count()).toBe(25);

    await page.click('[data-testid="filter-reset"]');
    await page.selectOption('[data-testid="filter-status"]', 'complete');
    await page.fill('[data-testid="filter-template"]', 'dash/gated');
    await page.click('[data-testid="filter-apply"]');
    await page.locator(`[data-testid="task-row-${gated.id}"]`).waitFor();
    await expect.poll(() => rows.count()).toBe(1);
    expect(page.url()).toContain('status=complete');
  }, 120_000);

  it('asks for a token when the API answers 401 and uses it for calls and event streams', async () => {
    const { h, base, page } = await start((c) => {
      c.auth.hs256Secret = SECRET;
    });
    const task = await h.engine.submit({ namespace: 'dash', name: 'gated', context: {} });

    await page.goto(`${base}/`);
    await page.locator('[data-testid="token-panel"]').waitFor();
    await screenshot(page, '07-token-prompt');

    const token = await createToken({ secret: SECRET, scopes: ['tasks:read', 'tasks:write'], subject: 'dashboard-test' });
    await page.fill('[data-testid="token-input"]', token);
    await page.click('[data-testid="token-save"]');
    await page.locator('[data-testid="token-panel"]').waitFor({ state: 'hidden' });
    await page.click(`[data-testid="task-link-${task.id}"]`);
    await stepNode(page, 'wait_gate', 'running').waitFor();
    await page.locator('[data-testid="feed-status"][data-state="live"]').waitFor();
    gate.open();
    await stepNode(page, 'wait_gate', 'complete').waitFor();
    await page.locator('[data-testid="task-status"][data-state="complete"]').waitFor();
    expect(await page.evaluate(() => localStorage.getItem('baton.token'))).toBe(token);
  }, 120_000);

  it('shows what a wait step waits for, refuses a payload the schema rejects, and completes the task when Approve is clicked', async () => {
    const { h, app, base, page } = await start();
    const task = await h.engine.submit({ namespace: 'dash', name: 'expense', context: { amount: 120 } });

    await page.goto(`${base}/#/tasks/${task.id}?step=approve`);
    await stepNode(page, 'approve', 'waiting').waitFor();
    await page.locator('[data-testid="step-wait-approve"]', { hasText: 'until' }).waitFor();
    const details = page.locator('[data-testid="step-details"][data-step="approve"]');
    await details.locator('[data-testid="step-wait"][data-for="signal"]', { hasText: 'signal "approval"' }).waitFor();

    // A payload the schema refuses: the API's answer shows in the form, and the step keeps waiting.
    await details.locator('[data-testid="signal-form"] summary').click();
    expect(JSON.parse(await page.inputValue('[data-testid="signal-payload"]'))).toEqual({ approved: false });
    await page.fill('[data-testid="signal-payload"]', '{"approved": "yes"}');
    await page.click('[data-testid="signal-send"]');
    await page.locator('[data-testid="signal-error"][data-status="400"]', { hasText: 'invalid_signal' }).waitFor();
    expect((await h.engine.getTask(task.id)).steps.find((st) => st.name === 'approve')?.state).toBe('waiting');

    await page.fill('[data-testid="signal-comment"]', 'within budget');
    await screenshot(page, '09-approval-waiting');
    await page.click('[data-testid="signal-approve"]');
    await stepNode(page, 'approve', 'complete').waitFor();
    await page.locator('[data-testid="task-status"][data-state="complete"]').waitFor();
    await details.locator('[data-testid="signal-event"]', { hasText: 'approval' }).waitFor();
    expect(await details.locator('[data-testid="signal-form"]').count()).toBe(0);
    await page.locator('[data-testid="task-finished"]', { hasNotText: '—' }).waitFor();
    await screenshot(page, '10-approved');

    const res = await app.inject({ method: 'GET', url: `/v1/tasks/${task.id}` });
    expect(res.json().task.status).toBe('complete');
    expect(res.json().task.steps.find((st: { name: string }) => st.name === 'approve').output).toEqual({ approved: true, comment: 'within budget' });
  }, 120_000);

  it('lists a schedule with its next fire times, triggers it now and pauses it', async () => {
    const { app, base, page } = await start();
    const created = await app.inject({
      method: 'POST',
      url: '/v1/schedules',
      payload: { name: 'nightly-report', template: { namespace: 'dash', name: 'quick' }, cron: '0 2 * * *', timezone: 'Europe/Paris' },
    });
    expect(created.statusCode).toBe(201);

    await page.goto(`${base}/`);
    await page.click('[data-testid="nav-schedules"]');
    await page.locator('[data-testid="schedule-row-nightly-report"]').waitFor();
    expect(await page.locator('[data-testid="schedule-next-nightly-report"] li').count()).toBe(5);

    await page.click('[data-testid="schedule-trigger-nightly-report"]');
    const fired = page.locator('[data-testid="schedule-triggered-task"]');
    await fired.waitFor();
    const schedule = async () => (await app.inject({ method: 'GET', url: '/v1/schedules/nightly-report' })).json().schedule;
    const taskId = (await schedule()).last_task.id as string;
    expect(await fired.textContent()).toBe(taskId);
    await page.locator('[data-testid="schedule-last-task-nightly-report"]').waitFor();

    await page.click('[data-testid="schedule-pause-nightly-report"]');
    await page.locator('[data-testid="schedule-state-nightly-report"][data-state="paused"]').waitFor();
    expect((await schedule()).paused).toBe(true);
    await screenshot(page, '11-schedules');

    await page.click('[data-testid="schedule-last-task-nightly-report"]');
    await page.locator('[data-testid="task-id"]', { hasText: taskId }).waitFor();
  }, 120_000);

  it("shows a child workflow's live state in its parent's graph, and navigates from parent to child and back", async () => {
    const { h, app, base, page } = await start();
    const parent = await h.engine.submit({ namespace: 'dash', name: 'parent', context: {} });

    await page.goto(`${base}/#/tasks/${parent.id}`);
    await stepNode(page, 'spawn', 'waiting').waitFor();
    // The child's status, from the task detail's children (polled while it is live), on the step's node.
    const childLink = page.locator('[data-testid="step-child-spawn"][href]');
    await childLink.waitFor();
    const childId = (await childLink.getAttribute('data-child'))!;
    expect((await h.engine.getTask(parent.id)).steps.find((st) => st.name === 'spawn')?.waiting?.key).toBe(childId);
    await page.locator('[data-testid="step-child-spawn"][data-child-status="running"]').waitFor();
    await page.locator('[data-testid="step-wait-spawn"]', { hasText: 'running' }).waitFor();
    await page.locator(`[data-testid="child-status-${childId}"][data-state="running"]`).waitFor();
    await page.click('[data-testid="step-node-spawn"] .node-name');
    await page.locator('[data-testid="step-details"][data-step="spawn"] [data-testid="step-wait"][data-for="workflow"]', { hasText: 'dash/child' }).waitFor();
    await screenshot(page, '12-parent-waiting');

    // Into the child: it names its parent and the step that started it.
    await childLink.click();
    await page.locator('[data-testid="task-id"]', { hasText: childId }).waitFor();
    await page.locator('[data-testid="parent-step"]', { hasText: 'spawn' }).waitFor();
    await stepNode(page, 'hold', 'waiting').waitFor();
    await page.click('[data-testid="step-node-hold"]');
    const details = page.locator('[data-testid="step-details"][data-step="hold"]');
    await details.locator('[data-testid="signal-form"][data-signal="go"]').waitFor();
    await page.fill('[data-testid="signal-payload"]', '{"ok": true}');
    await page.click('[data-testid="signal-send"]');
    await stepNode(page, 'hold', 'complete').waitFor();
    await page.locator('[data-testid="task-status"][data-state="complete"]').waitFor();
    await screenshot(page, '13-child-complete');

    // Back to the parent, at the step that started the child: it completed with the child's outputs.
    await page.click('[data-testid="parent-task-link"]');
    await page.locator('[data-testid="task-id"]', { hasText: parent.id }).waitFor();
    await page.locator('[data-testid="step-details"][data-step="spawn"]').waitFor();
    await stepNode(page, 'spawn', 'complete').waitFor();
    await stepNode(page, 'after', 'complete').waitFor();
    await page.locator('[data-testid="task-status"][data-state="complete"]').waitFor();
    await page.locator(`[data-testid="child-status-${childId}"][data-state="complete"]`).waitFor();
    await page.locator(`[data-testid="step-child-link-${childId}"]`).waitFor();
    expect(await page.locator('[data-testid="step-child-spawn"][href]').count()).toBe(0);
    await screenshot(page, '14-parent-complete');

    const res = await app.inject({ method: 'GET', url: `/v1/tasks/${parent.id}` });
    expect(res.json().task.steps.find((st: { name: string }) => st.name === 'spawn').output).toEqual({
      task_id: childId,
      steps: { start: { step: 'start', ok: true }, hold: { ok: true } },
    });
  }, 120_000);

  it('groups failed tasks on the failures page, retries one picked in the task list, then the rest of the group after a dry-run count', async () => {
    const { h, base, page } = await start();
    const failed = await h.engine.submitMany(Array.from({ length: 4 }, (_, i) => ({ namespace: 'dash', name: 'flaky', context: { order: i } })));
    const other = await h.engine.submit({ namespace: 'dash', name: 'gated', context: {} });
    for (const t of failed) expect((await waitForTask(h.engine, t.id)).status).toBe('error');

    await page.goto(`${base}/`);
    await page.click('[data-testid="nav-failures"]');
    const group = page.locator('[data-testid="failure-group"][data-template="dash/flaky"][data-step="charge"][data-code="card_declined"]');
    await group.locator('[data-testid="failure-count"]', { hasText: '4' }).waitFor();
    expect(await group.locator('[data-testid="failure-message"]').textContent()).toContain('card declined by the test bank');
    await screenshot(page, '15-failures');

    // Retries succeed from now on. One task, picked in the list the group links to (its template's tasks in error).
    flaky.failing = false;
    await group.locator('[data-testid="failure-tasks"]').click();
    const rows = page.locator('[data-testid="tasks-table"] tbody tr[data-task-id]');
    await expect.poll(() => rows.count()).toBe(4);
    expect(page.url()).toContain('status=error');
    await page.check(`[data-testid="select-task-${failed[0].id}"]`);
    await page.click('[data-testid="bulk-retry"]');
    await page.locator('[data-testid="bulk-count"][data-matched="1"]').waitFor();
    await page.click('[data-testid="bulk-confirm"]');
    await page.locator('[data-testid="bulk-result"][data-changed="1"][data-failed="0"]').waitFor();
    expect((await waitForTask(h.engine, failed[0].id)).status).toBe('complete');
    await expect.poll(() => rows.count()).toBe(3);

    // The rest of the group: the count comes first, and nothing changes before the confirmation.
    await page.click('[data-testid="nav-failures"]');
    await group.locator('[data-testid="failure-count"]', { hasText: '3' }).waitFor();
    await group.locator('[data-testid="failure-retry"]').click();
    await page.locator('[data-testid="bulk-count"][data-matched="3"]').waitFor();
    await screenshot(page, '16-failures-confirm');
    for (const t of failed.slice(1)) expect((await h.engine.getTask(t.id)).status).toBe('error');
    await page.click('[data-testid="bulk-confirm"]');
    await page.locator('[data-testid="bulk-result"][data-changed="3"][data-skipped="0"][data-failed="0"]').waitFor();
    for (const t of failed) {
      const done = await waitForTask(h.engine, t.id);
      expect(done.status).toBe('complete');
      expect(done.steps.map((st) => [st.name, st.state])).toEqual([
        ['charge', 'complete'],
        ['receipt', 'complete'],
      ]);
    }
    // The page reloaded its groups after the run: this one is gone.
    await page.locator('[data-testid="failures-empty"]').waitFor();
    await screenshot(page, '17-failures-retried');
    expect((await h.engine.getTask(other.id)).status).toBe('running');
  }, 120_000);

  it('cancels tasks picked one by one, then every task matching the filter, from the task list; a held-back step says why', async () => {
    const { h, app, base, page } = await start();
    // Expenses wait for an approval that never comes; of two tasks of one customer, the second waits for the first's key.
    const expenses = await h.engine.submitMany(Array.from({ length: 4 }, (_, i) => ({ namespace: 'dash', name: 'expense', context: { n: i }, tags: ['bulk-e2e'] })));
    const first = await h.engine.submit({ namespace: 'dash', name: 'serial', context: { customer: 42 }, tags: ['bulk-e2e'] });
    const second = await h.engine.submit({ namespace: 'dash', name: 'serial', context: { customer: 42 }, tags: ['bulk-e2e'] });
    const untouched = await h.engine.submit({ namespace: 'dash', name: 'expense', context: {}, tags: ['keep'] });
    for (const t of [...expenses, untouched]) await waitForTask(h.engine, t.id, { until: (task) => task.steps.some((st) => st.state === 'waiting') });
    await waitForTask(h.engine, first.id, { until: (task) => task.steps[0].state === 'running' });

    // The second serial task's step is ready but held by its concurrency key: the graph and the details say so.
    await page.goto(`${base}/#/tasks/${second.id}?step=work`);
    await stepNode(page, 'work', 'ready').waitFor();
    await page.locator('[data-testid="step-wait-work"]', { hasText: 'key customer:42 full' }).waitFor();
    await page.locator('[data-testid="step-waiting"]', { hasText: 'concurrency key "customer:42" is at its limit (1 of 1 running)' }).waitFor();
    await screenshot(page, '18-held-by-key');

    // Two expenses picked one by one.
    await page.goto(`${base}/#/tasks?tag=bulk-e2e`);
    const picked = expenses.slice(0, 2);
    for (const t of picked) await page.check(`[data-testid="select-task-${t.id}"]`);
    await page.locator('[data-testid="bulk-selection"][data-count="2"]').waitFor();
    await page.click('[data-testid="bulk-cancel"]');
    await page.locator('[data-testid="bulk-count"][data-matched="2"]').waitFor();
    await screenshot(page, '19-bulk-selected-confirm');
    await page.click('[data-testid="bulk-confirm"]');
    await page.locator('[data-testid="bulk-result"][data-changed="2"][data-failed="0"]').waitFor();
    for (const t of picked) await page.locator(`[data-testid="task-status-${t.id}"][data-state="cancelled"]`).waitFor();
    for (const t of picked) expect((await h.engine.getTask(t.id)).status).toBe('cancelled');
    expect((await h.engine.getTask(expenses[2].id)).status).toBe('running');
    await page.locator('[data-testid="bulk-selection"][data-count="0"]').waitFor();

    // Every live task with the tag: the dry run counts them (the two cancelled ones are not live), then the run cancels them.
    await page.click('[data-testid="select-matching"]');
    await page.locator('[data-testid="bulk-selection"][data-count="matching"]').waitFor();
    await page.click('[data-testid="bulk-cancel"]');
    await page.locator('[data-testid="bulk-count"][data-matched="4"]').waitFor();
    await screenshot(page, '20-bulk-filter-confirm');
    await page.click('[data-testid="bulk-confirm"]');
    await page.locator('[data-testid="bulk-result"][data-changed="4"][data-failed="0"]').waitFor();
    await screenshot(page, '21-bulk-filter-done');
    for (const t of [...expenses, first, second]) {
      const res = await app.inject({ method: 'GET', url: `/v1/tasks/${t.id}` });
      expect(res.json().task.status).toBe('cancelled');
    }
    expect((await h.engine.getTask(untouched.id)).status).toBe('running');
  }, 120_000);
});
