/**
 * The workflow builder produces exactly the definition the YAML does: for
 * every example template, in memory and as stored (same digest, so
 * registering one after the other is "unchanged"), and its errors are the
 * YAML's errors.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseTemplateSource } from '../../src/domain/template-parse.js';
import { validateTemplate } from '../../src/domain/template-validate.js';
import { isBatonError } from '../../src/errors.js';
import { defineHandler, ref, workflow, type AnyWorkflow } from '../../src/index.js';
import { backends, createTestDb, type TestDb } from '../support/db.js';
import { Engine } from '../../src/core/engine.js';
import { testLogger } from '../support/logger.js';

const TEMPLATES_DIR = new URL('../../examples/templates/', import.meta.url);
const yamlFiles = readdirSync(TEMPLATES_DIR)
  .filter((f) => /\.ya?ml$/.test(f))
  .sort();

async function builderFor(file: string): Promise<AnyWorkflow> {
  const name = file.replace(/\.ya?ml$/, '');
  const mod = (await import(`../../examples/sdk/${name}.ts`)) as { default: AnyWorkflow };
  return mod.default;
}

function fromYaml(file: string) {
  return validateTemplate(parseTemplateSource(readFileSync(new URL(file, TEMPLATES_DIR), 'utf8')));
}

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected a throw');
}

describe('workflow builder', () => {
  it('has a TypeScript form in examples/sdk for every example template', () => {
    expect(yamlFiles.length).toBeGreaterThan(0);
    const sdkFiles = readdirSync(new URL('../../examples/sdk/', import.meta.url)).filter((f) => f.endsWith('.ts'));
    for (const file of yamlFiles) expect(sdkFiles, `examples/sdk/${file.replace(/\.ya?ml$/, '.ts')}`).toContain(file.replace(/\.ya?ml$/, '.ts'));
  });

  it.each(yamlFiles)('%s: build() deep-equals the validated YAML', async (file) => {
    const built = (await builderFor(file)).build();
    expect(built).toStrictEqual(fromYaml(file));
  });

  it('collects the handler registrations its steps use, one per name', async () => {
    const mixed = await builderFor('mixed_dag.yaml');
    expect(mixed.handlers.map((h) => h.name).sort()).toEqual([
      'examples.check_customers',
      'examples.join_orders',
      'examples.load_records',
      'examples.order_stats',
      'examples.report',
      'examples.totals_by_customer',
    ]);
    expect([mixed.namespace, mixed.name, mixed.version]).toEqual(['examples', 'mixed_dag', '1.0.0']);
  });

  it('is immutable: each step returns a new builder', () => {
    const base = workflow('t', 'w', '1').step('a', 'h.a');
    const one = base.step('b', 'h.b', { dependsOn: ['a'] });
    const other = base.step('c', 'h.c');
    expect(base.build().steps.map((s) => s.name)).toEqual(['a']);
    expect(one.build().steps.map((s) => s.name)).toEqual(['a', 'b']);
    expect(other.build().steps.map((s) => s.name)).toEqual(['a', 'c']);
  });

  it('maps every option to its YAML key', () => {
    const def = workflow('t', 'all_options', '2.1.0')
      .options({ description: 'd', timeoutSeconds: 90, onFailure: 'continue', defaults: { retry: { maxAttempts: 2, jitter: false }, timeoutSeconds: 10 } })
      .step('list', 'h.list', { kind: 'fan_out', fanOut: { each: 'item', batchSize: 3, items: ref.context('things') } })
      .step('item', 'h.item', { dependsOn: ['list'], labels: { gpu: 'true' }, timeoutSeconds: null, retry: { backoff: 'linear', baseMs: 5, maxMs: 50 } })
      .step('pick', 'h.pick', { dependsOn: ['item'], kind: 'decision', params: { nested: { list: [ref.step('list'), 1, true, null] } } })
      .build();
    const yaml = `
namespace: t
name: all_options
version: 2.1.0
description: d
timeout_seconds: 90
on_failure: continue
defaults: { retry: { max_attempts: 2, jitter: false }, timeout_seconds: 10 }
steps:
  - { name: list, handler: h.list, kind: fan_out, fan_out: { each: item, batch_size: 3, items: "\${context.things}" } }
  - name: item
    handler: h.item
    depends_on: [list]
    labels: { gpu: "true" }
    timeout_seconds: null
    retry: { backoff: linear, base_ms: 5, max_ms: 50 }
  - { name: pick, handler: h.pick, depends_on: [item], kind: decision, params: { nested: { list: ["\${steps.list}", 1, true, null] } } }
`;
    expect(def).toStrictEqual(validateTemplate(parseTemplateSource(yaml)));
  });

  it('stores a zod input schema as JSON Schema of the context (draft-07, input side)', () => {
    const def = workflow('t', 'zod_input', '1', { input: z.object({ order_id: z.string(), qty: z.number().int().default(1) }) })
      .step('a', 'h.a')
      .build();
    expect(def.input_schema).toEqual({
      type: 'object',
      properties: { order_id: { type: 'string' }, qty: { type: 'integer', default: 1, minimum: -9007199254740991, maximum: 9007199254740991 } },
      required: ['order_id'],
    });
    expect(() => workflow('t', 'w', '1', { input: z.object({}), inputSchema: { type: 'object' } })).toThrow(/inputSchema or input/);
  });

  it('fails with the same error as the equivalent YAML', () => {
    // Casts get past the compile-time checks on purpose: build() still validates.
    const bad = workflow('t', 'bad', '1')
      .step('a', 'h.a', { retry: { maxAttempts: 0 } })
      .step('b', 'h.b', { dependsOn: ['nope'] as never, params: { x: '${steps.c.y}' } as never });
    const yaml = `
namespace: t
name: bad
version: "1"
steps:
  - { name: a, handler: h.a, retry: { max_attempts: 0 } }
  - { name: b, handler: h.b, depends_on: [nope], params: { x: "\${steps.c.y}" } }
`;
    const fromBuilder = thrown(() => bad.build());
    const fromYamlErr = thrown(() => validateTemplate(parseTemplateSource(yaml)));
    expect(isBatonError(fromBuilder, 'invalid_template')).toBe(true);
    expect((fromBuilder as Error).message).toBe((fromYamlErr as Error).message);
    expect((fromBuilder as { details: unknown }).details).toEqual((fromYamlErr as { details: unknown }).details);
  });

  it('refuses two different handlers under one name', () => {
    const one = defineHandler('same.name', () => 1);
    const two = defineHandler('same.name', () => 2);
    expect(() => workflow('t', 'w', '1').step('a', one).step('b', two)).toThrow(/another handler also named "same.name"/);
    expect(workflow('t', 'w', '1').step('a', one).step('b', one).handlers).toEqual([one]);
  });

  it('ref builds reference strings and rejects what a reference cannot name', () => {
    expect(ref.context()).toBe('${context}');
    expect(ref.context('order.items.0')).toBe('${context.order.items.0}');
    expect(ref.step('load')).toBe('${steps.load}');
    expect(ref.step('load', 'value')).toBe('${steps.load.value}');
    expect(() => ref.step('a.b')).toThrow(TypeError);
    expect(() => ref.context('a..b')).toThrow(TypeError);
  });
});

describe.each(backends)('builder and YAML store the same template on %s', (backend) => {
  let testDb: TestDb;
  let engine: Engine;

  beforeAll(async () => {
    testDb = await createTestDb(backend);
    engine = new Engine(testDb.db, testLogger);
  });
  afterAll(async () => testDb?.close());

  it.each(yamlFiles)('%s: registering the built definition after the YAML changes nothing', async (file) => {
    const yaml = readFileSync(new URL(file, TEMPLATES_DIR), 'utf8');
    const first = await engine.registerTemplate(yaml);
    expect(first.created).toBe(true);
    const second = await engine.registerTemplate((await builderFor(file)).build());
    expect(second.created).toBe(false);
    expect(second.row.digest).toBe(first.row.digest);
    expect(second.row.definition).toStrictEqual(first.row.definition);
  });
});
