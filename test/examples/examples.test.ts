/**
 * The examples `baton start` serves: every template in examples/templates runs
 * with its sample context from examples/contexts and the handlers of
 * examples/handlers, on every backend, and the stored outputs show that
 * `${...}` references and upstream results (`ctx.results`) flow as intended.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import handlersDefault, { handlers, recordAmount, trackingIdFor } from '../../examples/handlers/index.js';
import { parseTemplateSource } from '../../src/domain/template-parse.js';
import { validateTemplate } from '../../src/domain/template-validate.js';
import type { JsonObject, TemplateDefinition } from '../../src/domain/types.js';
import type { AddressInfo } from 'node:net';
import { resolveFailedStep, retryFailedStep, submitWithOptions } from '../../examples/sdk/client.js';
import { buildTestServer } from '../support/server.js';
import { createRuntime } from '../../src/runtime.js';
import { BatonClient } from '../../src/sdk/client.js';
import { backends } from '../support/db.js';
import { ScheduleService } from '../../src/core/schedule-service.js';
import { readScheduleFiles } from '../../src/cli/schedule-files.js';
import { fileURLToPath } from 'node:url';
import { startHarness, stepOf, testConfig, waitForTask, type Harness } from '../support/harness.js';
import { testLogger } from '../support/logger.js';

const TEMPLATES_DIR = new URL('../../examples/templates/', import.meta.url);
const CONTEXTS_DIR = new URL('../../examples/contexts/', import.meta.url);

interface Example {
  /** File name without extension: `linear` for templates/linear.yaml and contexts/linear.json. */
  file: string;
  source: string;
  definition: TemplateDefinition;
  context: JsonObject;
}

/**
 * Examples without a sample context, so that `baton start` does not submit
 * them: placement needs a worker labelled gpu=true, and `baton start`'s own
 * worker has no labels (its task would wait forever).
 */
const NO_SAMPLE_CONTEXT = new Set(['placement']);
const PLACEMENT_CONTEXT: JsonObject = { value: 3 };

const examples = new Map<string, Example>(
  readdirSync(TEMPLATES_DIR)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => {
      const file = f.replace(/\.ya?ml$/, '');
      const source = readFileSync(new URL(f, TEMPLATES_DIR), 'utf8');
      const context = NO_SAMPLE_CONTEXT.has(file) ? PLACEMENT_CONTEXT : (JSON.parse(readFileSync(new URL(`${file}.json`, CONTEXTS_DIR), 'utf8')) as JsonObject);
      return [file, { file, source, definition: validateTemplate(parseTemplateSource(source)), context }];
    }),
);

function example(file: string): Example {
  const found = examples.get(file);
  if (!found) throw new Error(`no example ${file}`);
  return found;
}

/** Every step's [name, state, output], in template order. */
function outcomes(task: { steps: { name: string; state: string; output: unknown }[] }) {
  return Object.fromEntries(task.steps.map((s) => [s.name, { state: s.state, output: s.output }]));
}

describe('example files', () => {
  it('has the example templates, each but placement with a sample context', () => {
    expect([...examples.keys()]).toEqual([
      'approval',
      'batch_resize',
      'diamond',
      'expense_approval',
      'expense_report',
      'import_with_checkpoint',
      'invoice',
      'linear',
      'mixed_dag',
      'order_fulfillment',
      'placement',
      'tree',
    ]);
    expect(readdirSync(CONTEXTS_DIR).sort()).toEqual([...examples.keys()].filter((f) => !NO_SAMPLE_CONTEXT.has(f)).map((f) => `${f}.json`));
  });

  it('templates are described, namespaced and name only handlers the module provides (all of which are used)', () => {
    const known = handlers.map((h) => h.name);
    expect(new Set(known).size).toBe(known.length);
    const used = new Set<string>();
    for (const ex of examples.values()) {
      // Validation with knownHandlers fails on a handler the module lacks.
      const def = validateTemplate(parseTemplateSource(ex.source), { knownHandlers: known });
      expect(def.description, ex.file).toMatch(/\S/);
      expect(def.input_schema, ex.file).toBeTypeOf('object');
      expect(def.name).toBe(ex.file);
      expect(def.namespace).toBe(ex.file === 'order_fulfillment' ? 'shop' : 'examples');
      for (const step of def.steps) {
        // Sleep and wait steps run no handler.
        if (step.handler === '') continue;
        used.add(step.handler);
        // Handler names are namespaced after the template's namespace.
        expect(step.handler.startsWith(`${def.namespace}.`), step.handler).toBe(true);
        // Retries stay quick so that the examples finish fast.
        expect(step.retry.base_ms, `${ex.file}.${step.name}`).toBeLessThanOrEqual(500);
      }
    }
    expect([...used].sort()).toEqual([...known].sort());
    expect(handlersDefault).toBe(handlers);
  });

  it('shapes: linear is a chain, diamond a diamond, tree a tree, mixed_dag a 7-step DAG with several roots, and the feature examples', () => {
    const deps = (file: string) => Object.fromEntries(example(file).definition.steps.map((s) => [s.name, s.depends_on]));
    expect(deps('linear')).toEqual({ fetch: [], parse: ['fetch'], transform: ['parse'], store: ['transform'] });
    expect(deps('diamond')).toEqual({ load: [], square: ['load'], double: ['load'], combine: ['square', 'double'] });
    expect(deps('tree')).toEqual({
      root: [],
      left: ['root'],
      right: ['root'],
      left_low: ['left'],
      left_high: ['left'],
      right_low: ['right'],
      right_high: ['right'],
      join: ['left_low', 'left_high', 'right_low', 'right_high'],
    });
    const mixed = example('mixed_dag').definition.steps;
    expect(mixed).toHaveLength(7);
    expect(mixed.filter((s) => s.depends_on.length === 0).map((s) => s.name)).toEqual(['load_customers', 'load_orders']);
    expect(deps('order_fulfillment')).toEqual({
      validate_order: [],
      reserve_inventory: ['validate_order'],
      charge_payment: ['validate_order'],
      ship_order: ['reserve_inventory', 'charge_payment'],
    });
    const steps = (file: string) => Object.fromEntries(example(file).definition.steps.map((s) => [s.name, s]));
    const approval = steps('approval');
    expect(deps('approval')).toEqual({ route: [], auto_approve: ['route'], manual_review: ['route'], notify: ['auto_approve', 'manual_review'] });
    expect(approval.route.kind).toBe('decision');
    const resize = steps('batch_resize');
    expect(deps('batch_resize')).toEqual({ list_images: [], resize: ['list_images'], summarize: ['resize'] });
    expect([resize.list_images.kind, resize.list_images.fan_out]).toEqual(['fan_out', { each: 'resize', batch_size: 3 }]);
    expect(deps('import_with_checkpoint')).toEqual({ import: [], verify: ['import'] });
    expect(steps('import_with_checkpoint').import.retry.max_attempts).toBeGreaterThan(1);
    expect(deps('invoice')).toEqual({ price_lines: [], total: ['price_lines'] });
    expect(steps('placement').render.labels).toEqual({ gpu: 'true' });
    expect(steps('placement').load.labels).toEqual({});
  });
});

describe('the workflow guide (docs/workflows.md)', () => {
  const ROOT = new URL('../../', import.meta.url);
  const guide = readFileSync(new URL('docs/workflows.md', ROOT), 'utf8');
  // A labelled code block: **YAML** · [`path`](link) [(excerpt)], a blank line, then a fenced block.
  const blocks = [...guide.matchAll(/^\*\*[^*\n]+\*\* · \[`([^`]+)`\]\([^)]+\)( \(excerpt\))?\n\n```[a-z]+\n([\s\S]*?)\n```$/gm)].map(([, path, excerpt, code]) => ({
    path,
    excerpt: excerpt !== undefined,
    code,
  }));

  it('shows every example template and its TypeScript form in full (tree and mixed_dag, more of the same, are linked)', () => {
    const whole = new Set(blocks.filter((b) => !b.excerpt).map((b) => b.path));
    for (const file of examples.keys()) {
      if (file === 'tree' || file === 'mixed_dag') {
        expect(guide).toContain(`](../examples/templates/${file}.yaml)`);
        continue;
      }
      expect(whole, file).toContain(`examples/templates/${file}.yaml`);
      expect(whole, file).toContain(`examples/sdk/${file}.ts`);
    }
  });

  it('shows the files as they are (whole files verbatim, excerpts paragraph by paragraph)', () => {
    expect(blocks.length).toBeGreaterThan(20);
    for (const block of blocks) {
      const text = readFileSync(new URL(block.path, ROOT), 'utf8');
      if (!block.excerpt) expect(`${block.code}\n`, block.path).toBe(text);
      else for (const paragraph of block.code.split('\n\n')) expect(text.includes(paragraph), `${block.path}: ${paragraph.slice(0, 80)}`).toBe(true);
    }
  });

  it('runs every example it names with a command that exists', () => {
    for (const [, ref] of guide.matchAll(/node bin\/baton\.js task submit (\S+)/g)) {
      const [namespace, name] = ref.split('/');
      expect(
        [...examples.values()].some((ex) => ex.definition.namespace === namespace && ex.definition.name === name),
        ref,
      ).toBe(true);
    }
    for (const [, file] of guide.matchAll(/@(examples\/contexts\/\S+\.json)/g)) expect(() => readFileSync(new URL(file, ROOT)), file).not.toThrow();
  });
});

describe.each(backends)('examples on %s', (backend) => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness(backend, { handlers });
    for (const ex of examples.values()) {
      const { created } = await h.engine.registerTemplate(ex.source);
      expect(created).toBe(true);
    }
  });

  afterAll(async () => h?.close());

  async function run(file: string, context?: JsonObject) {
    const ex = example(file);
    const { id } = await h.engine.submit({ namespace: ex.definition.namespace, name: ex.definition.name, context: context ?? ex.context });
    return waitForTask(h.engine, id);
  }

  it("linear: each step transforms the previous one's output", async () => {
    const task = await run('linear');
    expect(task.status).toBe('complete');
    expect(outcomes(task)).toEqual({
      fetch: { state: 'complete', output: { source: 'sensor-7', body: '3, 1, 4, 1, 5', bytes: 13, trail: ['fetch'] } },
      parse: { state: 'complete', output: { values: [3, 1, 4, 1, 5], count: 5, trail: ['fetch', 'parse'] } },
      transform: { state: 'complete', output: { values: [30, 10, 40, 10, 50], sum: 140, trail: ['fetch', 'parse', 'transform'] } },
      store: {
        state: 'complete',
        output: { key: 'readings/sensor-7', stored: 5, values: [30, 10, 40, 10, 50], sum: 140, trail: ['fetch', 'parse', 'transform', 'store'] },
      },
    });
    expect(task.steps.every((s) => s.attempts === 1)).toBe(true);
  });

  it('expense_report: the nightly schedule of examples/schedules applies, and its task totals the claims by category', async () => {
    const [file] = readScheduleFiles([fileURLToPath(new URL('../../examples/schedules/', import.meta.url))], process.cwd());
    expect(file.schedules.map((s) => [s.name, s.cron, s.timezone, s.overlap, s.catch_up])).toEqual([['nightly_report', '0 2 * * *', 'Europe/London', 'skip', 'latest']]);
    const service = new ScheduleService(h.engine);
    const { schedule } = await service.apply(file.schedules[0]);
    expect(schedule.next_fire_times.map((t) => new Date(t).toLocaleTimeString('en-GB', { timeZone: 'Europe/London' }))).toEqual(Array(5).fill('02:00:00'));
    const { task: fired } = await service.trigger('nightly_report');
    const task = await waitForTask(h.engine, fired.id);
    expect(task.tags).toEqual(['schedule:nightly_report']);
    expect(outcomes(task).summarise).toEqual({
      state: 'complete',
      output: { currency: 'GBP', claims: 3, total_cents: 25_170, by_category_cents: { travel: 21_350, meals: 3_820 } },
    });
    await service.delete('nightly_report');
  });

  it('diamond: the join combines both branches', async () => {
    const task = await run('diamond');
    expect(task.status).toBe('complete');
    expect(outcomes(task)).toEqual({
      load: { state: 'complete', output: { value: 7 } },
      square: { state: 'complete', output: { value: 49 } },
      double: { state: 'complete', output: { value: 14 } },
      combine: {
        state: 'complete',
        output: {
          sum: 63,
          parts: { square: 49, double: 14 },
          summary: 'seven: 7^2 + 2*7 = 49 + 14',
          // ctx.results holds every upstream step, not only the direct ones.
          upstream: ['double', 'load', 'square'],
        },
      },
    });
  });

  it('tree: the join sees all four leaves', async () => {
    const task = await run('tree');
    expect(task.status).toBe('complete');
    expect(outcomes(task)).toEqual({
      root: { state: 'complete', output: { first: [1, 2, 3, 4], second: [5, 6, 7, 8] } },
      left: { state: 'complete', output: { first: [1, 2], second: [3, 4] } },
      right: { state: 'complete', output: { first: [5, 6], second: [7, 8] } },
      left_low: { state: 'complete', output: { items: [1, 2], sum: 3 } },
      left_high: { state: 'complete', output: { items: [3, 4], sum: 7 } },
      right_low: { state: 'complete', output: { items: [5, 6], sum: 11 } },
      right_high: { state: 'complete', output: { items: [7, 8], sum: 15 } },
      join: {
        state: 'complete',
        output: { sums: [3, 7, 11, 15], total: 36, leaves: { left_high: 7, left_low: 3, right_high: 15, right_low: 11 } },
      },
    });
  });

  it('mixed_dag: two roots fan in, fan out, and fan in again into the report', async () => {
    const task = await run('mixed_dag');
    expect(task.status).toBe('complete');
    const out = outcomes(task);
    expect(Object.values(out).every((s) => s.state === 'complete')).toBe(true);
    expect(out.load_customers.output).toMatchObject({ count: 3 });
    expect(out.load_orders.output).toMatchObject({ count: 3 });
    expect(out.join_orders.output).toEqual({
      rows: [
        { order: 'o1', customer: 'Ada', amount: 30 },
        { order: 'o2', customer: 'Grace', amount: 12 },
        { order: 'o3', customer: 'Ada', amount: 8 },
      ],
    });
    expect(out.check_customers.output).toEqual({ active: 2, inactive: ['Linus'] });
    expect(out.totals_by_customer.output).toEqual({ totals: { Ada: 38, Grace: 12 } });
    expect(out.order_stats.output).toEqual({ count: 3, revenue: 50, largest: { order: 'o1', amount: 30 } });
    expect(out.report.output).toEqual({
      title: 'Sales report 2024-06',
      lines: ['Ada: 38', 'Grace: 12'],
      orders: 3,
      revenue: 50,
      inactive: ['Linus'],
    });
  });

  it('order_fulfillment: ships with a tracking id derived from the order id and the charged total', async () => {
    const task = await run('order_fulfillment');
    expect(task.status).toBe('complete');
    const items = [
      { sku: 'BOOK-42', qty: 2, price: 12.5 },
      { sku: 'MUG-7', qty: 1, price: 8.99 },
    ];
    expect(trackingIdFor('A-1001')).toBe('TRK-0B1336D9F2AD');
    expect(outcomes(task)).toEqual({
      validate_order: { state: 'complete', output: { order_id: 'A-1001', items, item_count: 2 } },
      reserve_inventory: {
        state: 'complete',
        output: {
          reservation_id: 'rsv-A-1001',
          reserved: [
            { sku: 'BOOK-42', qty: 2 },
            { sku: 'MUG-7', qty: 1 },
          ],
          units: 3,
        },
      },
      charge_payment: {
        state: 'complete',
        output: { charge_id: 'chg-A-1001', amount_cents: 3399, total: 33.99, currency: 'USD', idempotency_key: `${task.id}:charge_payment` },
      },
      ship_order: {
        state: 'complete',
        output: {
          order_id: 'A-1001',
          tracking_id: 'TRK-0B1336D9F2AD',
          carrier: 'baton-post',
          reservation_id: 'rsv-A-1001',
          units: 3,
          charge_id: 'chg-A-1001',
          total: 33.99,
          currency: 'USD',
        },
      },
    });
  });

  it('order_fulfillment: an order without items fails validate_order permanently and skips the rest', async () => {
    const task = await run('order_fulfillment', { order_id: 'A-0', items: [] });
    expect(task.status).toBe('error');
    const validate = stepOf(task, 'validate_order');
    expect(validate.state).toBe('error');
    expect(validate.attempts).toBe(1);
    expect(validate.output).toBeNull();
    expect(validate.error).toMatchObject({ message: 'order A-0 has no items', code: 'empty_order' });
    for (const name of ['reserve_inventory', 'charge_payment', 'ship_order']) {
      const step = stepOf(task, name);
      expect([name, step.state, step.attempts, step.output]).toEqual([name, 'skipped', 0, null]);
    }
  });

  it('order_fulfillment: a context that breaks the input_schema is refused at submit', async () => {
    await expect(h.engine.submit({ namespace: 'shop', name: 'order_fulfillment', context: { order_id: 'A-2' } })).rejects.toMatchObject({
      code: 'invalid_context',
    });
  });

  it('order_fulfillment: resolve-step stands in for a failed step and the task goes on with its output', async () => {
    const failed = await run('order_fulfillment', { order_id: 'A-0', items: [] });
    expect(failed.status).toBe('error');
    const items = [{ sku: 'GIFT-1', qty: 1, price: 0 }];
    await h.engine.resolveStep(failed.id, 'validate_order', { order_id: 'A-0', items, item_count: 1 }, 'ops@example');
    const task = await waitForTask(h.engine, failed.id);
    expect(task.status).toBe('complete');
    expect(stepOf(task, 'validate_order').state).toBe('resolved');
    expect(stepOf(task, 'reserve_inventory').output).toEqual({ reservation_id: 'rsv-A-0', reserved: [{ sku: 'GIFT-1', qty: 1 }], units: 1 });
    expect(stepOf(task, 'ship_order').output).toMatchObject({ order_id: 'A-0', total: 0, units: 1 });
  });

  it('approval: an amount under the threshold takes the automatic branch; the review is skipped and the join runs', async () => {
    const task = await run('approval');
    expect(task.status).toBe('complete');
    expect(outcomes(task)).toEqual({
      route: { state: 'complete', output: { activate: ['auto_approve'], reason: '120 is under 500' } },
      auto_approve: { state: 'complete', output: { approved: true, by: 'policy', amount: 120 } },
      manual_review: { state: 'skipped', output: null },
      notify: {
        state: 'complete',
        output: {
          request_id: 'EXP-1042',
          branch: 'auto_approve',
          approved: true,
          message: 'ada: request EXP-1042 was approved by policy',
          // ctx.results holds the steps that ran, not the skipped branch.
          upstream: ['auto_approve', 'route'],
        },
      },
    });
    expect(stepOf(task, 'manual_review').attempts).toBe(0);
  });

  /** Submits expense_approval and waits until its manager_approval step waits for the signal. */
  async function awaitingApproval(requestId: string) {
    const ex = example('expense_approval');
    const { id } = await h.engine.submit({ namespace: 'examples', name: 'expense_approval', context: { ...ex.context, request_id: requestId } });
    const task = await waitForTask(h.engine, id, { until: (t) => stepOf(t, 'manager_approval').state === 'waiting' });
    expect(stepOf(task, 'manager_approval').waiting).toMatchObject({ for: 'signal', name: 'approval' });
    return id;
  }

  /** Moves a waiting step's timer to now: 48 hours or 3 days pass in a test. */
  async function timeTravel(id: string, step: string) {
    await h.testDb.db.query(`UPDATE ${h.testDb.db.schema}.steps SET wake_at = now() WHERE task_id = $1 AND name = $2 AND state = 'waiting'`, [id, step]);
  }

  it('expense_approval: the approval signal takes the record branch; the reminder sleeps 3 days, then runs', async () => {
    const id = await awaitingApproval('EXP-A');
    await expect(h.engine.signal({ taskId: id, name: 'approval', payload: { approved: 'yes' } })).rejects.toMatchObject({ code: 'invalid_signal' });
    expect(await h.engine.signal({ taskId: id, name: 'approval', payload: { approved: false, comment: 'over budget' } })).toMatchObject({ status: 'delivered' });
    const sleeping = await waitForTask(h.engine, id, { until: (t) => stepOf(t, 'remind_in_3_days').state === 'waiting' });
    expect(Date.parse(stepOf(sleeping, 'remind_in_3_days').waiting!.until!) - Date.now()).toBeGreaterThan(2.9 * 86_400_000);
    expect(sleeping.status).toBe('running');
    await timeTravel(id, 'remind_in_3_days');
    const task = await waitForTask(h.engine, id);
    expect(task.status).toBe('complete');
    expect(outcomes(task)).toMatchObject({
      manager_approval: { state: 'complete', output: { approved: false, comment: 'over budget' } },
      route: { state: 'complete', output: { activate: ['record'] } },
      record: { state: 'complete', output: { request_id: 'EXP-A', approved: false, comment: 'over budget' } },
      escalate: { state: 'skipped' },
      remind: { state: 'complete', output: { message: 'grace: a reminder about request EXP-A' } },
    });
  });

  it('expense_approval: no answer within 48 h skips the wait and escalates', async () => {
    const id = await awaitingApproval('EXP-B');
    await timeTravel(id, 'manager_approval');
    await waitForTask(h.engine, id, { until: (t) => stepOf(t, 'remind_in_3_days').state === 'waiting' });
    await timeTravel(id, 'remind_in_3_days');
    const task = await waitForTask(h.engine, id);
    expect(outcomes(task)).toMatchObject({
      manager_approval: { state: 'skipped' },
      route: { state: 'complete', output: { activate: ['escalate'] } },
      record: { state: 'skipped' },
      escalate: { state: 'complete', output: { request_id: 'EXP-B', escalated_to: 'finance-director' } },
      remind: { state: 'complete' },
    });
    expect(task.status).toBe('complete');
  });

  it('approval: an amount at or over the threshold goes to manual review, which approves or rejects', async () => {
    for (const [amount, approved] of [
      [2400, true],
      [9000, false],
    ] as const) {
      const task = await run('approval', { request_id: `EXP-${amount}`, requester: 'grace', amount });
      expect(task.status).toBe('complete');
      expect(outcomes(task)).toEqual({
        route: { state: 'complete', output: { activate: ['manual_review'], reason: `${amount} is 500 or more` } },
        auto_approve: { state: 'skipped', output: null },
        manual_review: { state: 'complete', output: { approved, by: 'finance', amount } },
        notify: {
          state: 'complete',
          output: {
            request_id: `EXP-${amount}`,
            branch: 'manual_review',
            approved,
            message: `grace: request EXP-${amount} was ${approved ? 'approved' : 'rejected'} by finance`,
            upstream: ['manual_review', 'route'],
          },
        },
      });
    }
  });

  it('batch_resize: seven images become three resize instances, and the join sees their outputs in order', async () => {
    const task = await run('batch_resize');
    expect(task.status).toBe('complete');
    const batches = [
      {
        batch: 0,
        of: 3,
        images: [
          { name: 'beach.jpg', width: 800, height: 600, resized: true },
          { name: 'logo.png', width: 512, height: 512, resized: false },
          { name: 'team.jpg', width: 800, height: 600, resized: true },
        ],
      },
      {
        batch: 1,
        of: 3,
        images: [
          { name: 'banner.png', width: 800, height: 200, resized: true },
          { name: 'icon.png', width: 64, height: 64, resized: false },
          { name: 'map.png', width: 800, height: 800, resized: true },
        ],
      },
      { batch: 2, of: 3, images: [{ name: 'cat.jpg', width: 800, height: 1067, resized: true }] },
    ];
    const out = outcomes(task);
    expect(Object.keys(out).sort()).toEqual(['list_images', 'resize', 'resize[0]', 'resize[1]', 'resize[2]', 'summarize']);
    expect(out.list_images).toEqual({ state: 'complete', output: { items: example('batch_resize').context.images, count: 7 } });
    batches.forEach((batch, i) => expect(out[`resize[${i}]`], `resize[${i}]`).toEqual({ state: 'complete', output: batch }));
    // The `each` step completes with the instances' outputs, in chunk order.
    expect(out.resize).toEqual({ state: 'complete', output: batches });
    expect(out.summarize).toEqual({
      state: 'complete',
      output: {
        batches: 3,
        batch_sizes: [3, 3, 1],
        images: 7,
        resized: 5,
        names: ['beach.jpg', 'logo.png', 'team.jpg', 'banner.png', 'icon.png', 'map.png', 'cat.jpg'],
      },
    });
  });

  it('batch_resize: an empty list creates no instance and the join still runs', async () => {
    const task = await run('batch_resize', { max_width: 800, images: [] });
    expect(task.status).toBe('complete');
    expect(task.steps.filter((s) => s.name.startsWith('resize['))).toEqual([]);
    expect(stepOf(task, 'summarize').output).toEqual({ batches: 0, batch_sizes: [], images: 0, resized: 0, names: [] });
  });

  const TOTAL_30 = Array.from({ length: 30 }, (_, i) => recordAmount(i)).reduce((a, b) => a + b, 0);

  it('import_with_checkpoint: the second attempt resumes at the checkpoint before the failure', async () => {
    expect(TOTAL_30).toBe(1525);
    const task = await run('import_with_checkpoint');
    expect(task.status).toBe('complete');
    const imported = stepOf(task, 'import');
    expect(imported.attempts).toBe(2);
    // Attempt 1 checkpointed at 10 and 20, then failed at record 25; attempt 2 resumed at 20.
    expect(imported.output).toEqual({ imported: 30, total: TOTAL_30, resumed_from: 20, processed: 10, attempt: 2, failures: 1 });
    expect(stepOf(task, 'verify').output).toEqual({ ok: true, expected: 30, imported: 30, total: TOTAL_30 });
    const events = await h.engine.events(task.id);
    expect(events.some((e) => e.step === 'import' && e.attempt === 1 && e.reason?.includes('simulated failure at record 25 (1 of 1)'))).toBe(true);
  });

  it('import_with_checkpoint: without fail_at, one attempt imports everything from the start', async () => {
    const task = await run('import_with_checkpoint', { records: 30 });
    expect(task.status).toBe('complete');
    expect(stepOf(task, 'import').output).toEqual({ imported: 30, total: TOTAL_30, resumed_from: 0, processed: 30, attempt: 1, failures: 0 });
  });

  it('import_with_checkpoint: retry-step after the retries run out resumes at the checkpoint and finishes the task', async () => {
    const failed = await run('import_with_checkpoint', { records: 30, fail_at: 25, fail_times: 3 });
    expect(failed.status).toBe('error');
    expect(stepOf(failed, 'import')).toMatchObject({ state: 'error', attempts: 3, error: { message: 'simulated failure at record 25 (3 of 3)' } });
    expect(stepOf(failed, 'verify').state).toBe('skipped');
    const retried = await h.engine.retryStep(failed.id, 'import', 'ops@example');
    expect(retried.status).toBe('running');
    const task = await waitForTask(h.engine, failed.id);
    expect(task.status).toBe('complete');
    // The operator's retry starts the attempts again; the checkpoint is kept.
    expect(stepOf(task, 'import').output).toEqual({ imported: 30, total: TOTAL_30, resumed_from: 20, processed: 10, attempt: 1, failures: 3 });
    expect(stepOf(task, 'verify').output).toEqual({ ok: true, expected: 30, imported: 30, total: TOTAL_30 });
    const events = await h.engine.events(task.id);
    expect(events.filter((e) => e.actor === 'ops@example').map((e) => `${e.step ?? 'task'}:${e.from}->${e.to}`)).toEqual(
      expect.arrayContaining(['import:error->ready', 'task:error->running', 'verify:skipped->pending']),
    );
  });

  it('import_with_checkpoint: resolve-step gives the failed step an output and its dependent reads it', async () => {
    const failed = await run('import_with_checkpoint', { records: 30, fail_at: 25, fail_times: 3 });
    expect(failed.status).toBe('error');
    await h.engine.resolveStep(failed.id, 'import', { imported: 25, total: 0 }, 'ops@example');
    const task = await waitForTask(h.engine, failed.id);
    expect(task.status).toBe('complete');
    expect(outcomes(task)).toEqual({
      import: { state: 'resolved', output: { imported: 25, total: 0 } },
      verify: { state: 'complete', output: { ok: false, expected: 30, imported: 25, total: 0 } },
    });
  });

  it('invoice: zod-typed handlers price the lines and add tax', async () => {
    const task = await run('invoice');
    expect(task.status).toBe('complete');
    expect(outcomes(task)).toEqual({
      price_lines: {
        state: 'complete',
        output: {
          currency: 'EUR',
          lines: [
            { sku: 'BOOK-42', qty: 2, cents: 2500 },
            { sku: 'MUG-7', qty: 1, cents: 899 },
          ],
          subtotal_cents: 3399,
        },
      },
      total: {
        state: 'complete',
        output: { customer: 'Ada Lovelace', currency: 'EUR', subtotal_cents: 3399, tax_cents: 680, total_cents: 4079, total: 'EUR 40.79' },
      },
    });
  });

  it('invoice: params that break the zod schema fail the step at once, with the issues in its error', async () => {
    const task = await run('invoice', { customer: 'Ada', currency: 'XYZ', lines: [{ sku: 'BOOK-42', qty: 0, unit_cents: 1250 }] });
    expect(task.status).toBe('error');
    const priced = stepOf(task, 'price_lines');
    expect([priced.state, priced.attempts]).toEqual(['error', 1]);
    expect(priced.error).toMatchObject({ code: 'invalid_input' });
    expect(priced.error!.message).toMatch(/^handler examples\.price_lines: params do not match its input schema: .*lines\.0\.qty/);
    const paths = (priced.error!.details as { path: (string | number)[] }[]).map((issue) => issue.path.join('.')).sort();
    expect(paths).toEqual(['currency', 'lines.0.qty']);
    expect(stepOf(task, 'total').state).toBe('skipped');
    // The context's shape is still checked at submit, by the template's input_schema.
    await expect(h.engine.submit({ namespace: 'examples', name: 'invoice', context: { customer: 'Ada', currency: 'EUR', lines: [] } })).rejects.toMatchObject({
      code: 'invalid_context',
    });
  });

  it('placement: the labelled step waits in ready, says why, and runs once a worker with the label is there', async () => {
    const { id } = await h.engine.submit({ namespace: 'examples', name: 'placement', context: PLACEMENT_CONTEXT });
    const waiting = await waitForTask(h.engine, id, { until: (t) => t.steps.some((s) => s.name === 'render' && s.waiting_reason !== undefined) });
    expect(stepOf(waiting, 'load')).toMatchObject({ state: 'complete', output: { value: 3 } });
    const render = stepOf(waiting, 'render');
    expect([render.state, render.attempts]).toEqual(['ready', 0]);
    // Normally 'no live worker with handler examples.square has labels {"gpu":"true"}'; a worker
    // that has been idle for a while counts as lost, though, and then the reason names the handler.
    expect(render.waiting_reason).toMatch(/^no live worker (with handler examples\.square has labels \{"gpu":"true"\}|has handler examples\.square)$/);
    const gpu = await createRuntime({ config: testConfig(), db: h.testDb.db, logger: testLogger, handlers, labels: { gpu: 'true' }, sweeper: false });
    try {
      const task = await waitForTask(h.engine, id);
      expect(task.status).toBe('complete');
      expect(stepOf(task, 'render')).toMatchObject({ state: 'complete', output: { value: 9 }, worker: expect.any(String) });
      expect(stepOf(task, 'render').worker).not.toBe(stepOf(task, 'load').worker);
    } finally {
      await gpu.stop();
    }
  });

  it('submission options: tags filter, an idempotency key returns the same task, run_at holds it back, priority is kept', async () => {
    const ex = example('diamond');
    const request = { namespace: 'examples', name: 'diamond', context: { value: 3, label: 'later' }, tags: ['demo', 'guide'], priority: 10 };
    const later = new Date(Date.now() + 3_600_000).toISOString();
    const first = await h.engine.submit({ ...request, run_at: later, idempotency_key: 'diamond-later' });
    const again = await h.engine.submit({ ...request, run_at: later, idempotency_key: 'diamond-later' });
    expect(again).toEqual({ ...first, created: false });
    await new Promise((r) => setTimeout(r, 500));
    const held = await h.engine.getTask(first.id);
    expect([held.status, held.priority, held.tags, held.idempotency_key, held.run_at]).toEqual(['pending', 10, ['demo', 'guide'], 'diamond-later', later]);
    expect(held.steps.every((s) => s.attempts === 0)).toBe(true);
    const tagged = await h.engine.listTasks({ tag: 'guide', limit: 10 });
    expect(tagged.tasks.map((t) => t.id)).toEqual([first.id]);
    await h.engine.cancel(first.id);
    const now = await h.engine.submit({ namespace: ex.definition.namespace, name: ex.definition.name, context: ex.context, tags: ['guide'] });
    expect((await waitForTask(h.engine, now.id)).status).toBe('complete');
    expect((await h.engine.listTasks({ tag: 'guide', limit: 10 })).tasks.map((t) => t.id).sort()).toEqual([first.id, now.id].sort());
  });

  it('examples/sdk/client.ts: submission options and operator actions over HTTP do what the guide says', async () => {
    const app = await buildTestServer({ engine: h.engine, config: h.runtime.config, logger: testLogger });
    await app.listen({ host: '127.0.0.1', port: 0 });
    try {
      const baton = new BatonClient(`http://127.0.0.1:${(app.server.address() as AddressInfo).port}`);
      const submitted = await submitWithOptions(baton);
      expect(submitted).toMatchObject({ first: { created: true }, again: { id: submitted.first.id, created: false }, status: 'pending' });
      expect(submitted.tagged).toContain(submitted.first.id);
      expect((await h.engine.getTask(submitted.first.id)).status).toBe('cancelled');

      expect(await retryFailedStep(baton)).toEqual({
        id: expect.any(String),
        failed: 'error',
        done: 'complete',
        import: { imported: 30, total: TOTAL_30, resumed_from: 20, processed: 10, attempt: 1, failures: 3 },
      });
      expect(await resolveFailedStep(baton)).toEqual({
        id: expect.any(String),
        failed: 'error',
        done: 'complete',
        verify: { ok: true, expected: 30, imported: 30, total: TOTAL_30 },
      });
    } finally {
      await app.close();
    }
  });
});
