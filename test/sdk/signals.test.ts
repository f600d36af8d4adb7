/**
 * Sleep and wait steps from the builder, and the signals and events that end
 * them sent by both clients: the builder's template is the YAML's, and a
 * signal or event sent over HTTP or in process completes the same steps and
 * is refused with the same typed errors.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseTemplateSource } from '../../src/domain/template-parse.js';
import { validateTemplate } from '../../src/domain/template-validate.js';
import { Baton, BatonClient, BatonError, defineHandler, ref, workflow, type TaskDetail } from '../../src/index.js';
import { testLogger } from '../support/logger.js';

const YAML = `
namespace: sig
name: order
version: "1"
steps:
  - name: submit
    handler: sig.submit
  - name: approve
    kind: wait
    depends_on: [submit]
    wait:
      signal: approval
      timeout: 48h
      on_timeout: skip
      schema: { type: object, properties: { approved: { type: boolean }, note: { type: string } }, required: [approved] }
  - name: paid
    kind: wait
    depends_on: [submit]
    wait: { event: payment.received, match: "\${steps.submit.order_id}", timeout: 1h }
  - name: cool_off
    kind: sleep
    depends_on: [submit]
    sleep: { until: "\${steps.submit.due_at}" }
  - name: pause
    kind: sleep
    sleep: { duration: 1s }
  - name: act
    handler: sig.act
    depends_on: [approve, paid, cool_off, pause]
    params: { approved: "\${steps.approve.approved}", amount: "\${steps.paid.amount}" }
`;

const submit = defineHandler('sig.submit', (ctx) => ({ order_id: String(ctx.task.context.order_id as string | number), due_at: new Date(Date.now() - 1000).toISOString() }));
const act = defineHandler('sig.act', { input: z.object({ approved: z.boolean(), amount: z.number() }) }, (ctx) => ({ ...ctx.params }));

const order = workflow('sig', 'order', '1')
  .step('submit', submit)
  .wait('approve', { signal: 'approval', timeout: '48h', onTimeout: 'skip', schema: z.object({ approved: z.boolean(), note: z.string().optional() }) }, { dependsOn: ['submit'] })
  .wait('paid', { event: 'payment.received', match: ref.step('submit', 'order_id'), timeout: '1h' }, { dependsOn: ['submit'] })
  .sleep('cool_off', { until: ref.step('submit', 'due_at') }, { dependsOn: ['submit'] })
  .sleep('pause', { duration: '1s' })
  .step('act', act, {
    dependsOn: ['approve', 'paid', 'cool_off', 'pause'],
    params: { approved: ref.step('approve', 'approved'), amount: '${steps.paid.amount}' },
  });

describe('the builder', () => {
  it('builds sleep and wait steps exactly as the YAML defines them', () => {
    expect(order.build()).toStrictEqual(validateTemplate(parseTemplateSource(YAML)));
    // A built (stored) definition validates again to itself: the engine re-validates what it registers.
    expect(validateTemplate(order.build())).toStrictEqual(order.build());
    const [, approve, , coolOff] = order.build().steps;
    expect([approve.handler, approve.kind, approve.wait?.signal, coolOff.kind, coolOff.sleep?.until]).toEqual(['', 'wait', 'approval', 'sleep', '${steps.submit.due_at}']);
  });

  it('writes a JSON Schema as given, and refuses a spec the YAML would refuse', () => {
    const schema = { type: 'object', required: ['ok'] };
    const built = workflow('sig', 'j', '1').wait('w', { signal: 's', schema }).build();
    expect(built.steps[0].wait).toEqual({ signal: 's', schema, on_timeout: 'fail' });
    expect(() => workflow('sig', 'bad', '1').sleep('s', { duration: 'soon' }).build()).toThrow(/sleep\.duration must be a duration/);
  });
});

async function refusal(attempt: Promise<unknown>): Promise<BatonError> {
  const outcome = await attempt.then(
    (value) => ({ value }),
    (err: unknown) => ({ err }),
  );
  if (!('err' in outcome)) throw new Error(`accepted: ${JSON.stringify(outcome.value)}`);
  expect(outcome.err).toBeInstanceOf(BatonError);
  return outcome.err as BatonError;
}

describe('signals and events from the clients', () => {
  let baton: Baton;
  let http: BatonClient;
  beforeAll(async () => {
    baton = await Baton.start({ dataDir: 'memory://', templates: [order], port: 0, host: '127.0.0.1', logger: testLogger, config: { orchestrator: { timerIntervalMs: 50 } } });
    http = new BatonClient(baton.url!);
  });
  afterAll(async () => baton?.stop());

  const waitingFor = async (id: string, steps: string[]): Promise<TaskDetail> => {
    for (const deadline = Date.now() + 20_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 50))) {
      const task = await http.get(id);
      if (steps.every((name) => task.steps.find((s) => s.name === name)?.state === 'waiting')) return task;
    }
    const states = (await http.get(id)).steps.map((s) => [s.name, s.state, s.error?.message]);
    throw new Error(`steps ${steps.join(', ')} of ${id} never waited: ${JSON.stringify(states)}`);
  };

  it('over HTTP: a signal and an event complete their steps, and the task finishes with their payloads', async () => {
    const task = await baton.client.submit(order, { order_id: 'o-1' });
    const waiting = await waitingFor(task.id, ['approve', 'paid']);
    expect(waiting.steps.find((s) => s.name === 'approve')?.waiting).toMatchObject({ for: 'signal', name: 'approval', key: null });
    expect(waiting.steps.find((s) => s.name === 'paid')?.waiting).toMatchObject({ for: 'event', name: 'payment.received', key: 'o-1' });

    const bad = await refusal(http.signal(task.id, 'approval', { approved: 'yes' }));
    expect(bad).toMatchObject({ code: 'invalid_signal', status: 400 });
    expect((bad.details as { errors: unknown[] }).errors.length).toBeGreaterThan(0);
    expect(await http.signal(task, 'approval', { approved: true }, { idempotencyKey: 'k-1' })).toEqual({
      task_id: task.id,
      signal: 'approval',
      step: 'approve',
      status: 'delivered',
    });
    expect((await http.signal(task.id, 'approval', { approved: true }, { idempotencyKey: 'k-1' })).status).toBe('duplicate');
    expect(await refusal(http.signal(task.id, 'approval', { approved: false }))).toMatchObject({ code: 'conflict', status: 409 });
    expect(await refusal(http.signal(task.id, 'nope'))).toMatchObject({ code: 'not_found', status: 404 });

    expect(await http.sendEvent({ name: 'payment.received', key: 'o-1', payload: { amount: 40 }, idempotencyKey: 'pay-1' })).toEqual({
      name: 'payment.received',
      key: 'o-1',
      delivered: 1,
      kept: false,
      duplicate: false,
    });
    expect(await http.sendEvent({ name: 'payment.received', key: 'o-1', payload: { amount: 40 }, idempotencyKey: 'pay-1' })).toMatchObject({ duplicate: true, delivered: 1 });
    const done = await http.wait(task.id, { timeoutMs: 20_000 });
    expect(done.status).toBe('complete');
    expect(done.steps.find((s) => s.name === 'act')?.output).toEqual({ approved: true, amount: 40 });
    expect(done.steps.find((s) => s.name === 'cool_off')?.output).toEqual({ slept_until: expect.any(String) });
  });

  it('in process: the same answers and refusals, and an event kept for a step that waits later', async () => {
    // Numbers are keys as written: 7 and "7" are one key.
    expect(await baton.client.sendEvent({ name: 'payment.received', key: 7, payload: { amount: 5 } })).toEqual({
      name: 'payment.received',
      key: '7',
      delivered: 0,
      kept: true,
      duplicate: false,
    });
    const task = await baton.client.submit(order, { order_id: 7 });
    await waitingFor(task.id, ['approve']);
    const overHttp = await refusal(http.signal(task.id, 'approval', { approved: 1 }));
    const inProcess = await refusal(baton.client.signal(task, 'approval', { approved: 1 } as never));
    expect(inProcess).toMatchObject({ code: overHttp.code, status: overHttp.status, message: overHttp.message });
    expect((await baton.client.signal(task, 'approval', { approved: false })).status).toBe('delivered');
    const done = await baton.client.wait(task, { timeoutMs: 20_000 });
    expect(done.status).toBe('complete');
    expect(done.outputs.approve).toEqual({ approved: false });
    expect(done.outputs.act).toEqual({ approved: false, amount: 5 });
    expect(await refusal(baton.client.signal(task, 'approval', { approved: true }))).toMatchObject({ code: 'conflict' });
  });
});
