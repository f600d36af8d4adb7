/**
 * Run-time behaviour of SDK handlers on a real engine: zod input and output
 * validation fail a step permanently with the issues in its error, and
 * middleware wraps every handler call in registration order.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineHandler, ref, workflow, type HandlerRegistration, type Middleware } from '../../src/index.js';
import { createRuntime, type Runtime } from '../../src/runtime.js';
import { backends, createTestDb, type TestDb } from '../support/db.js';
import { stepOf, testConfig, waitForTask } from '../support/harness.js';
import { testLogger } from '../support/logger.js';

const orderInput = z.object({ order_id: z.string().min(1), qty: z.number().int().positive() });

const validate = defineHandler('sdk.validate', { input: orderInput, output: z.object({ order_id: z.string(), qty: z.number() }) }, (ctx) => ({
  order_id: ctx.params.order_id,
  qty: ctx.params.qty,
}));

/** Declares an output schema it does not keep. */
const liar = defineHandler('sdk.liar', { input: z.object({}), output: z.object({ total: z.number() }) }, () => ({ total: 'many' }) as never);

/** Input transforms reach the handler: the params it sees are the parsed ones. */
const shout = defineHandler('sdk.shout', { input: z.object({ word: z.string().transform((w) => w.toUpperCase()) }) }, (ctx) => ({ word: ctx.params.word }));

describe.each(backends)('SDK handlers on %s', (backend) => {
  let testDb: TestDb | undefined;
  let runtime: Runtime | undefined;

  afterEach(async () => {
    await runtime?.stop();
    await testDb?.close();
    runtime = undefined;
    testDb = undefined;
  });

  async function start(handlers: HandlerRegistration[], middleware?: Middleware[]) {
    testDb = await createTestDb(backend);
    runtime = await createRuntime({ config: testConfig(), db: testDb.db, logger: testLogger, handlers, ...(middleware ? { middleware } : {}) });
    return runtime.engine;
  }

  it('invalid input fails the step permanently on its first attempt, with the zod issues in the error', async () => {
    const engine = await start([validate]);
    const wf = workflow('sdk', 'zod_input', '1').step('validate', validate, {
      params: { order_id: ref.context('order_id'), qty: ref.context('qty') },
      retry: { maxAttempts: 5, backoff: 'none' },
    });
    await engine.registerTemplate(wf.build());
    const { id } = await engine.submit({ namespace: 'sdk', name: 'zod_input', context: { order_id: '', qty: 1.5 } });
    const task = await waitForTask(engine, id);
    expect(task.status).toBe('error');
    const step = stepOf(task, 'validate');
    expect(step.state).toBe('error');
    expect(step.attempts).toBe(1);
    expect(step.error?.code).toBe('invalid_input');
    expect(step.error?.message).toMatch(/^handler sdk\.validate: params do not match its input schema: order_id: .+; qty: .+/);
    expect(step.error?.details).toEqual([
      expect.objectContaining({ code: 'too_small', path: ['order_id'], message: expect.any(String) }),
      expect.objectContaining({ code: 'invalid_type', path: ['qty'], message: expect.any(String) }),
    ]);
  });

  it('valid input runs the handler with the parsed params; invalid output fails permanently', async () => {
    const engine = await start([validate, liar, shout]);
    const wf = workflow('sdk', 'zod_output', '1')
      .step('validate', validate, { params: { order_id: 'o-1', qty: 2 } })
      .step('shout', shout, { params: { word: 'hi' } })
      .step('liar', liar, { dependsOn: ['validate'], retry: { maxAttempts: 3 } });
    await engine.registerTemplate(wf.build());
    const { id } = await engine.submit({ namespace: 'sdk', name: 'zod_output', context: {} });
    const task = await waitForTask(engine, id);
    expect(stepOf(task, 'validate')).toMatchObject({ state: 'complete', output: { order_id: 'o-1', qty: 2 } });
    expect(stepOf(task, 'shout')).toMatchObject({ state: 'complete', output: { word: 'HI' } });
    const liarStep = stepOf(task, 'liar');
    expect(liarStep).toMatchObject({ state: 'error', attempts: 1, error: { code: 'invalid_output' } });
    expect(liarStep.error?.details).toEqual([expect.objectContaining({ path: ['total'], code: 'invalid_type' })]);
  });

  it('middleware sees every step, in registration order, before and after the handler', async () => {
    const calls: string[] = [];
    const record =
      (label: string): Middleware =>
      async (ctx, next) => {
        calls.push(`${label}:before:${ctx.step.name}`);
        const output = await next();
        calls.push(`${label}:after:${ctx.step.name}:${JSON.stringify(output)}`);
        return output;
      };
    const step = (name: string) =>
      defineHandler(`sdk.mw.${name}`, (ctx) => {
        calls.push(`handler:${ctx.step.name}`);
        return { step: name };
      });
    const [a, b, c] = [step('a'), step('b'), step('c')];
    const engine = await start([a, b, c], [record('outer')]);
    runtime!.worker!.use(record('inner'));
    const wf = workflow('sdk', 'middleware', '1', { mode: 'sequential' }).step('a', a).step('b', b).step('c', c);
    await engine.registerTemplate(wf.build());
    const { id } = await engine.submit({ namespace: 'sdk', name: 'middleware', context: {} });
    expect((await waitForTask(engine, id)).status).toBe('complete');
    const expected = ['a', 'b', 'c'].flatMap((s) => [
      `outer:before:${s}`,
      `inner:before:${s}`,
      `handler:${s}`,
      `inner:after:${s}:{"step":"${s}"}`,
      `outer:after:${s}:{"step":"${s}"}`,
    ]);
    expect(calls).toEqual(expected);
  });

  it('middleware can replace the output, and a middleware that throws fails the attempt like the handler would', async () => {
    const plain = defineHandler('sdk.mw.plain', () => ({ n: 1 }));
    const engine = await start(
      [plain],
      [
        async (ctx, next) => {
          if (ctx.step.name === 'refused') throw new Error('refused by middleware');
          const output = (await next()) as { n: number };
          return { ...output, wrapped: true };
        },
      ],
    );
    const wf = workflow('sdk', 'middleware_output', '1')
      .step('wrapped', plain)
      .step('refused', plain, { retry: { maxAttempts: 2, backoff: 'none' } });
    await engine.registerTemplate(wf.build());
    const { id } = await engine.submit({ namespace: 'sdk', name: 'middleware_output', context: {} });
    const task = await waitForTask(engine, id);
    expect(stepOf(task, 'wrapped')).toMatchObject({ state: 'complete', output: { n: 1, wrapped: true } });
    expect(stepOf(task, 'refused')).toMatchObject({ state: 'error', attempts: 2, error: { message: 'refused by middleware' } });
  });
});
