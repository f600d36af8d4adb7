/**
 * Compile-time behaviour of sleep and wait steps and of typed signals (read
 * by `npm run typecheck:tests`, which `type-check.test.ts` runs). At run time
 * these tests only check that what they write still builds.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { BatonClient, defineHandler, ref, workflow, type JsonValue, type LocalClient, type SignalsOf, type StepOutputs, type TaskRef } from '../../src/index.js';

const submit = defineHandler('w.submit', () => ({ due_at: '2030-01-01T00:00:00Z', order_id: 'o-1' }));
const act = defineHandler('w.act', { input: z.object({ approved: z.boolean() }) }, (ctx) => ({ done: ctx.params.approved }));
const readsApproval = defineHandler('w.reads', { upstream: { approve: z.object({ approved: z.boolean(), note: z.string().optional() }) } }, (ctx) => ctx.results.approve.approved);

const base = workflow('w', 'typed_waits', '1').step('submit', submit);
const approval = base
  .wait('approve', { signal: 'approval', schema: z.object({ approved: z.boolean(), note: z.string().optional() }), timeout: '48h' }, { dependsOn: ['submit'] })
  .wait('paid', { event: 'payment.received', match: ref.step('submit', 'order_id') }, { dependsOn: ['submit'] })
  .wait('poke', { signal: 'poke' })
  .sleep('nap', { until: ref.step('submit', 'due_at') }, { dependsOn: ['submit'] })
  .sleep('rest', { duration: '3d' })
  .step('act', act, { dependsOn: ['approve'], params: { approved: ref.step('approve', 'approved') } })
  .step('reads', readsApproval, { dependsOn: ['approve'] });

describe('sleep and wait step types', () => {
  it('types a wait step by its zod schema, an event or a schema-less signal as JSON, a sleep as { slept_until }', () => {
    expectTypeOf<StepOutputs<typeof approval>['approve']>().toEqualTypeOf<{ approved: boolean; note?: string | undefined }>();
    expectTypeOf<StepOutputs<typeof approval>['paid']>().toEqualTypeOf<JsonValue>();
    expectTypeOf<StepOutputs<typeof approval>['poke']>().toEqualTypeOf<JsonValue>();
    expectTypeOf<StepOutputs<typeof approval>['nap']>().toEqualTypeOf<{ slept_until: string }>();
    expectTypeOf<SignalsOf<typeof approval>>().toEqualTypeOf<{ approval: { approved: boolean; note?: string | undefined }; poke: JsonValue }>();
    expect(approval.build().steps.map((s) => s.kind)).toEqual(['task', 'wait', 'wait', 'wait', 'sleep', 'sleep', 'task', 'task']);
  });

  it('rejects references, names and specs that do not fit', () => {
    // @ts-expect-error approve's payload has no field "missing"
    approval.step('x', act, { dependsOn: ['approve'], params: { approved: ref.step('approve', 'missing') } });
    // @ts-expect-error the note is a string, not the boolean act wants
    approval.step('x', act, { dependsOn: ['approve'], params: { approved: ref.step('approve', 'note') } });
    // @ts-expect-error "submit" is not upstream of a sleep without dependsOn
    base.sleep('x', { until: ref.step('submit', 'due_at') });
    // @ts-expect-error an event's match must reference upstream steps
    base.wait('x', { event: 'e', match: ref.step('later') });
    // @ts-expect-error a step name is used once
    base.wait('submit', { signal: 's' });
    // @ts-expect-error a schema is only for signals
    base.wait('x', { event: 'e', match: 'k', schema: {} });
    // @ts-expect-error one of signal or event
    base.wait('x', { signal: 's', event: 'e', match: 'k' });
    // @ts-expect-error one of duration or until
    base.sleep('x', { duration: '1d', until: '2030-01-01T00:00:00Z' });
    // @ts-expect-error on_timeout is fail or skip
    base.wait('x', { signal: 's', timeout: '1h', onTimeout: 'retry' });
    expect(true).toBe(true);
  });
});

describe('typed signals', () => {
  it('checks the signal name and payload against the workflow of a submitted task', () => {
    const send = (client: LocalClient, task: TaskRef<StepOutputs<typeof approval>, SignalsOf<typeof approval>>) => {
      void client.signal(task, 'approval', { approved: true });
      void client.signal(task, 'poke', [1, 'two']);
      // @ts-expect-error approved is a boolean
      void client.signal(task, 'approval', { approved: 'yes' });
      // @ts-expect-error no wait step of this workflow takes signal "nope"
      void client.signal(task, 'nope', {});
      // A task named by id takes any signal name and JSON payload.
      void client.signal(task.id, 'anything', { any: 'json' });
      const http = new BatonClient('http://127.0.0.1:1');
      void http.signal(task, 'approval', { approved: false }, { idempotencyKey: 'k' });
      // @ts-expect-error over HTTP too
      void http.signal(task, 'approval', { approved: 1 });
      void http.signal<SignalsOf<typeof approval>>(task.id, 'approval', { approved: true });
    };
    expect(typeof send).toBe('function');
  });
});
