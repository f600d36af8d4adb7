/**
 * `.workflow()` steps: the builder writes exactly the YAML's `kind: workflow`
 * step (pinned to a builder child's version), and types the child's context
 * by the child's input and the step's output by the child's steps (read by
 * `npm run typecheck:tests`, which `type-check.test.ts` runs).
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { parseTemplateSource } from '../../src/domain/template-parse.js';
import { validateTemplate } from '../../src/domain/template-validate.js';
import { defineHandler, ref, workflow, type ChildOutput, type JsonValue, type StepOutputs } from '../../src/index.js';

const PARENT_YAML = `
namespace: shop
name: order
version: "1"
steps:
  - name: place
    handler: shop.place
    params: { order_id: "\${context.order_id}" }
  - name: invoice
    kind: workflow
    depends_on: [place]
    retry: { max_attempts: 3, backoff: fixed, base_ms: 500 }
    workflow:
      namespace: billing
      name: invoice
      version: "2"
      context: { order_id: "\${context.order_id}", total: "\${steps.place.total}" }
  - name: latest
    kind: workflow
    depends_on: [invoice]
    workflow: { namespace: billing, name: audit, context: { invoice: "\${steps.invoice.steps.bill.invoice_id}" } }
  - name: notify
    handler: shop.notify
    depends_on: [latest]
    params: { invoice_id: "\${steps.invoice.steps.bill.invoice_id}", task: "\${steps.latest.task_id}" }
`;

const CHILD_YAML = `
namespace: billing
name: invoice
version: "2"
input_schema: { type: object, properties: { order_id: { type: string }, total: { type: number } }, required: [order_id, total], additionalProperties: false }
steps:
  - name: bill
    handler: billing.bill
    params: { order_id: "\${context.order_id}", total: "\${context.total}" }
`;

const place = defineHandler('shop.place', { input: z.object({ order_id: z.string() }) }, (ctx) => ({ order_id: ctx.params.order_id, total: 42 }));
const bill = defineHandler('billing.bill', { input: z.object({ order_id: z.string(), total: z.number() }) }, (ctx) => ({ invoice_id: `inv-${ctx.params.order_id}` }));
const notify = defineHandler('shop.notify', { input: z.object({ invoice_id: z.string(), task: z.string() }) }, () => null);

const invoice = workflow('billing', 'invoice', '2', { input: z.strictObject({ order_id: z.string(), total: z.number() }) }).step('bill', bill, {
  params: { order_id: ref.context('order_id'), total: ref.context('total') },
});

const order = workflow('shop', 'order', '1')
  .step('place', place, { params: { order_id: ref.context('order_id') } })
  .workflow('invoice', invoice, {
    dependsOn: ['place'],
    retry: { maxAttempts: 3, backoff: 'fixed', baseMs: 500 },
    context: { order_id: ref.context('order_id'), total: ref.step('place', 'total') },
  })
  .workflow('latest', { namespace: 'billing', name: 'audit' }, { dependsOn: ['invoice'], context: { invoice: ref.step('invoice', 'steps.bill.invoice_id') } })
  .step('notify', notify, { dependsOn: ['latest'], params: { invoice_id: ref.step('invoice', 'steps.bill.invoice_id'), task: ref.step('latest', 'task_id') } });

const fromYaml = (source: string) => validateTemplate(parseTemplateSource(source));

describe('child workflow steps', () => {
  it('build the YAML parent and child exactly, and the stored definitions validate again to themselves', () => {
    expect(order.build()).toStrictEqual(fromYaml(PARENT_YAML));
    expect(invoice.build()).toStrictEqual(fromYaml(CHILD_YAML));
    expect(validateTemplate(structuredClone(order.build()))).toStrictEqual(order.build());
    const step = order.build().steps.find((s) => s.name === 'invoice');
    expect(step).toMatchObject({ kind: 'workflow', handler: '', workflow: { namespace: 'billing', name: 'invoice', version: '2' } });
  });

  it('write the raw step as YAML would: no handler, the version only when pinned', () => {
    const raw = order.toRaw().steps as Record<string, unknown>[];
    expect(raw[1]).toEqual({
      name: 'invoice',
      kind: 'workflow',
      depends_on: ['place'],
      retry: { max_attempts: 3, backoff: 'fixed', base_ms: 500 },
      workflow: { namespace: 'billing', name: 'invoice', version: '2', context: { order_id: '${context.order_id}', total: '${steps.place.total}' } },
    });
    expect(raw[2].workflow).toEqual({ namespace: 'billing', name: 'audit', context: { invoice: '${steps.invoice.steps.bill.invoice_id}' } });
  });

  it('type the output by the child builder, or as JSON step outputs for a child named by ref', () => {
    expectTypeOf<StepOutputs<typeof order>['invoice']>().toEqualTypeOf<ChildOutput<{ bill: { invoice_id: string } }>>();
    expectTypeOf<StepOutputs<typeof order>['latest']>().toEqualTypeOf<ChildOutput<Record<string, JsonValue>>>();
    expect(order.build().steps.map((s) => s.kind)).toEqual(['task', 'workflow', 'workflow', 'task']);
  });

  it('reject a context that does not fit the child input, and references that are not upstream', () => {
    const base = workflow('shop', 'checks', '1').step('place', place, { params: { order_id: 'o' } });
    // @ts-expect-error total is required by the child's input
    base.workflow('a', invoice, { context: { order_id: 'o' } });
    // @ts-expect-error order_id is a string
    base.workflow('a', invoice, { context: { order_id: 1, total: 2 } });
    // @ts-expect-error "extra" is not a field of the child's input
    base.workflow('a', invoice, { context: { order_id: 'o', total: 2, extra: true } });
    // @ts-expect-error place's order_id is a string, not the number total takes
    base.workflow('a', invoice, { dependsOn: ['place'], context: { order_id: 'o', total: ref.step('place', 'order_id') } });
    // @ts-expect-error "place" is not upstream without dependsOn
    base.workflow('a', { namespace: 'x', name: 'y' }, { context: { v: ref.step('place', 'total') } });
    // @ts-expect-error a step name is used once
    base.workflow('place', { namespace: 'x', name: 'y' }, { context: {} });
    // @ts-expect-error the output has only task_id and steps
    base.workflow('a', invoice, { context: { order_id: 'o', total: 1 } }).step('b', notify, { dependsOn: ['a'], params: { invoice_id: ref.step('a', 'id'), task: 't' } });
    expect(true).toBe(true);
  });
});
