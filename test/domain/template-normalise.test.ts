import { describe, it, expect } from 'vitest';
import { parseTemplateSource } from '../../src/domain/template-parse.js';
import { validateTemplate } from '../../src/domain/template-validate.js';
import { DEFAULT_RETRY } from '../../src/domain/types.js';
import { validTemplate, type Raw } from './template-helpers.js';

const DESIGN_EXAMPLE = `
namespace: shop
name: order_fulfillment
version: 1.0.0
description: Validate, reserve, charge and ship an order
input_schema:              # JSON Schema for the task context (optional)
  type: object
  required: [order_id, items]
  properties: { order_id: { type: string }, items: { type: array } }
timeout_seconds: 600       # whole-task deadline (optional)
on_failure: stop           # stop | continue  (continue: independent branches go on)
defaults:
  retry: { max_attempts: 3, backoff: exponential, base_ms: 500, max_ms: 30000, jitter: true }
  timeout_seconds: 60
steps:
  - name: validate_order
    handler: shop.validate_order
    params: { order_id: "\${context.order_id}" }
  - name: reserve_inventory
    handler: shop.reserve_inventory
    depends_on: [validate_order]
    params: { items: "\${steps.validate_order.items}" }
  - name: charge_payment
    handler: shop.charge_payment
    depends_on: [validate_order]
    retry: { max_attempts: 5, backoff: fixed, base_ms: 1000 }
  - name: ship_order
    handler: shop.ship_order
    depends_on: [reserve_inventory, charge_payment]
    timeout_seconds: 120
`;

describe('validateTemplate: normalised output', () => {
  it('normalises the DESIGN example exactly', () => {
    const def = validateTemplate(parseTemplateSource(DESIGN_EXAMPLE));
    const defaultsRetry = { max_attempts: 3, backoff: 'exponential', base_ms: 500, max_ms: 30000, jitter: true };
    expect(def).toEqual({
      namespace: 'shop',
      name: 'order_fulfillment',
      version: '1.0.0',
      description: 'Validate, reserve, charge and ship an order',
      input_schema: {
        type: 'object',
        required: ['order_id', 'items'],
        properties: { order_id: { type: 'string' }, items: { type: 'array' } },
      },
      timeout_seconds: 600,
      on_failure: 'stop',
      steps: [
        {
          name: 'validate_order',
          handler: 'shop.validate_order',
          kind: 'task',
          depends_on: [],
          params: { order_id: '${context.order_id}' },
          retry: defaultsRetry,
          timeout_seconds: 60,
          labels: {},
        },
        {
          name: 'reserve_inventory',
          handler: 'shop.reserve_inventory',
          kind: 'task',
          depends_on: ['validate_order'],
          params: { items: '${steps.validate_order.items}' },
          retry: defaultsRetry,
          timeout_seconds: 60,
          labels: {},
        },
        {
          name: 'charge_payment',
          handler: 'shop.charge_payment',
          kind: 'task',
          depends_on: ['validate_order'],
          params: {},
          retry: { max_attempts: 5, backoff: 'fixed', base_ms: 1000, max_ms: 30000, jitter: true },
          timeout_seconds: 60,
          labels: {},
        },
        {
          name: 'ship_order',
          handler: 'shop.ship_order',
          kind: 'task',
          depends_on: ['reserve_inventory', 'charge_payment'],
          params: {},
          retry: defaultsRetry,
          timeout_seconds: 120,
          labels: {},
        },
      ],
    });
  });

  it('fills every default on a minimal template and adds no other keys', () => {
    const def = validateTemplate(validTemplate());
    expect(Object.keys(def).sort()).toEqual(['name', 'namespace', 'on_failure', 'steps', 'timeout_seconds', 'version']);
    expect(def.on_failure).toBe('stop');
    expect(def.timeout_seconds).toBeNull();
    expect(def.steps[0]).toEqual({
      name: 'validate',
      handler: 'shop.validate',
      kind: 'task',
      depends_on: [],
      params: {},
      retry: DEFAULT_RETRY,
      timeout_seconds: null,
      labels: {},
    });
  });

  it('does not copy mode or defaults into the output', () => {
    const t: Raw = { ...validTemplate(), mode: 'dag', defaults: { timeout_seconds: 5 } };
    const def = validateTemplate(t) as unknown as Record<string, unknown>;
    expect('mode' in def).toBe(false);
    expect('defaults' in def).toBe(false);
  });

  it('keeps the steps in the order given', () => {
    const t: Raw = validTemplate();
    t.steps = [
      { name: 'z', handler: 'h', depends_on: ['a'] },
      { name: 'a', handler: 'h' },
    ];
    expect(validateTemplate(t).steps.map((s) => s.name)).toEqual(['z', 'a']);
  });

  it('merges a partial step retry over defaults.retry over DEFAULT_RETRY', () => {
    const t: Raw = validTemplate();
    t.defaults = { retry: { backoff: 'linear', base_ms: 200 } };
    t.steps[1].retry = { max_attempts: 7, jitter: false };
    const def = validateTemplate(t);
    expect(def.steps[0].retry).toEqual({ ...DEFAULT_RETRY, backoff: 'linear', base_ms: 200 });
    expect(def.steps[1].retry).toEqual({ max_attempts: 7, backoff: 'linear', base_ms: 200, max_ms: DEFAULT_RETRY.max_ms, jitter: false });
  });

  it('gives each step its own retry object', () => {
    const def = validateTemplate(validTemplate());
    expect(def.steps[0].retry).not.toBe(def.steps[1].retry);
    expect(def.steps[0].retry).not.toBe(DEFAULT_RETRY);
  });

  it('takes a step timeout from defaults unless the step sets one, or sets null', () => {
    const t: Raw = validTemplate();
    t.defaults = { timeout_seconds: 30 };
    t.steps.push({ name: 'own', handler: 'h', timeout_seconds: 2.5 }, { name: 'none', handler: 'h', timeout_seconds: null });
    expect(validateTemplate(t).steps.map((s) => s.timeout_seconds)).toEqual([30, 30, 2.5, null]);
  });

  it('accepts an explicit null template timeout', () => {
    expect(validateTemplate({ ...validTemplate(), timeout_seconds: null }).timeout_seconds).toBeNull();
  });

  it('turns a YAML number version into a string', () => {
    expect(validateTemplate(parseTemplateSource('namespace: a\nname: b\nversion: 2\nsteps: [{name: s, handler: h}]')).version).toBe('2');
    expect(validateTemplate({ ...validTemplate(), version: 1.5 }).version).toBe('1.5');
  });

  it('turns number and boolean label values into strings', () => {
    const t: Raw = validTemplate();
    t.steps[0].labels = { gpu: true, zone: 3, region: 'eu' };
    expect(validateTemplate(t).steps[0].labels).toEqual({ gpu: 'true', zone: '3', region: 'eu' });
  });

  it('is idempotent: a normalised definition validates to itself', () => {
    const once = validateTemplate(parseTemplateSource(DESIGN_EXAMPLE));
    expect(validateTemplate(structuredClone(once))).toEqual(once);
  });

  it('copies params exactly, including a __proto__ key, sharing nothing with the input', () => {
    const t: Raw = validTemplate();
    t.steps[0].params = JSON.parse('{"__proto__": {"x": 1}, "list": [1, {"a": "b"}]}');
    const def = validateTemplate(t);
    expect(Object.hasOwn(def.steps[0].params, '__proto__')).toBe(true);
    expect(def.steps[0].params.list).toEqual([1, { a: 'b' }]);
    t.steps[0].params.list.push(2);
    expect(def.steps[0].params.list).toEqual([1, { a: 'b' }]);
  });

  it('keeps on_failure continue and a description', () => {
    const def = validateTemplate({ ...validTemplate(), on_failure: 'continue', description: 'd' });
    expect(def.on_failure).toBe('continue');
    expect(def.description).toBe('d');
  });

  it('normalises a fan_out step: batch_size defaults to 1, items kept when given', () => {
    const t: Raw = validTemplate();
    t.steps = [
      { name: 'list', handler: 'h' },
      { name: 'split', handler: 'h', kind: 'fan_out', depends_on: ['list'], fan_out: { each: 'work' } },
      { name: 'split2', handler: 'h', kind: 'fan_out', depends_on: ['list'], fan_out: { each: 'work2', batch_size: 10, items: '${steps.list.items}' } },
      { name: 'work', handler: 'h', depends_on: ['split'] },
      { name: 'work2', handler: 'h', depends_on: ['split2'] },
    ];
    const def = validateTemplate(t);
    expect(def.steps[1].fan_out).toEqual({ each: 'work', batch_size: 1 });
    expect(def.steps[2].fan_out).toEqual({ each: 'work2', batch_size: 10, items: '${steps.list.items}' });
    expect(def.steps[2].kind).toBe('fan_out');
    expect('fan_out' in def.steps[0]).toBe(false);
  });
});

describe('validateTemplate: sequential mode', () => {
  const seq = (steps: Raw[]): Raw => ({ namespace: 'a', name: 'pipeline', version: '1', mode: 'sequential', steps });

  it('makes each step that names no depends_on depend on the step before it', () => {
    const def = validateTemplate(
      seq([
        { name: 'a', handler: 'h' },
        { name: 'b', handler: 'h' },
        { name: 'c', handler: 'h' },
      ]),
    );
    expect(def.steps.map((s) => s.depends_on)).toEqual([[], ['a'], ['b']]);
  });

  it('keeps explicit depends_on, and an explicit empty list makes a root', () => {
    const def = validateTemplate(
      seq([
        { name: 'a', handler: 'h' },
        { name: 'b', handler: 'h', depends_on: [] },
        { name: 'c', handler: 'h', depends_on: ['a'] },
        { name: 'd', handler: 'h' },
      ]),
    );
    expect(def.steps.map((s) => s.depends_on)).toEqual([[], [], ['a'], ['c']]);
  });

  it('leaves steps without depends_on as roots in dag mode', () => {
    const def = validateTemplate({
      ...seq([
        { name: 'a', handler: 'h' },
        { name: 'b', handler: 'h' },
      ]),
      mode: 'dag',
    });
    expect(def.steps.map((s) => s.depends_on)).toEqual([[], []]);
  });
});
