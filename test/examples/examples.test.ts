/**
 * The examples `baton start` serves: every template in examples/templates runs
 * with its sample context from examples/contexts and the handlers of
 * examples/handlers, on every backend, and the stored outputs show that
 * `${...}` references and upstream results (`ctx.results`) flow as intended.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import handlersDefault, { handlers, trackingIdFor } from '../../examples/handlers/index.js';
import { parseTemplateSource } from '../../src/domain/template-parse.js';
import { validateTemplate } from '../../src/domain/template-validate.js';
import type { JsonObject, TemplateDefinition } from '../../src/domain/types.js';
import { backends } from '../support/db.js';
import { startHarness, stepOf, waitForTask, type Harness } from '../support/harness.js';

const TEMPLATES_DIR = new URL('../../examples/templates/', import.meta.url);
const CONTEXTS_DIR = new URL('../../examples/contexts/', import.meta.url);

interface Example {
  /** File name without extension: `linear` for templates/linear.yaml and contexts/linear.json. */
  file: string;
  source: string;
  definition: TemplateDefinition;
  context: JsonObject;
}

const examples = new Map<string, Example>(
  readdirSync(TEMPLATES_DIR)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => {
      const file = f.replace(/\.ya?ml$/, '');
      const source = readFileSync(new URL(f, TEMPLATES_DIR), 'utf8');
      const context = JSON.parse(readFileSync(new URL(`${file}.json`, CONTEXTS_DIR), 'utf8')) as JsonObject;
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
  it('has the five templates, each with a sample context', () => {
    expect([...examples.keys()]).toEqual(['diamond', 'linear', 'mixed_dag', 'order_fulfillment', 'tree']);
    expect(readdirSync(CONTEXTS_DIR).sort()).toEqual([...examples.keys()].map((f) => `${f}.json`));
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

  it('shapes: linear is a chain, diamond a diamond, tree a tree, mixed_dag a 7-step DAG with several roots', () => {
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

  it('linear: each step transforms the previous one\'s output', async () => {
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
        output: { reservation_id: 'rsv-A-1001', reserved: [{ sku: 'BOOK-42', qty: 2 }, { sku: 'MUG-7', qty: 1 }], units: 3 },
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
});
