/**
 * Compile-time behaviour of the SDK. `expectTypeOf` and `// @ts-expect-error`
 * only mean something when the compiler reads this file:
 * `npm run typecheck:tests` does, and `type-check.test.ts` runs it. At run
 * time these tests only check that the builders they write still build.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import {
  defineHandler,
  ref,
  workflow,
  type ContextOf,
  type HandlerContext,
  type HandlerRegistration,
  type JsonObject,
  type JsonValue,
  type OutputOf,
  type ParamsOf,
  type StepOutputs,
  type UpstreamResults,
} from '../../src/index.js';

const load = defineHandler('t.load', { input: z.object({ value: z.number() }) }, async (ctx) => ({ value: ctx.params.value, items: [{ id: 'a' }] }));
const square = defineHandler('t.square', { input: z.object({ x: z.number() }), output: z.object({ value: z.number() }) }, (ctx) => ({ value: ctx.params.x ** 2 }));
const total = defineHandler('t.total', { upstream: { load, square } }, (ctx) => ({ total: ctx.results.load.value + ctx.results.square.value }));
const plain = defineHandler('t.plain', (ctx) => ({ keys: Object.keys(ctx.params) }));
const typedParams = defineHandler<{ x: number; label?: string }>('t.typed_params', (ctx) => ctx.params.x);

describe('defineHandler types', () => {
  it('types ctx.params from the input schema and the output from the schema or the return type', () => {
    defineHandler('t.check', { input: z.object({ n: z.number(), tags: z.array(z.string()).default([]) }) }, (ctx) => {
      expectTypeOf(ctx.params).toEqualTypeOf<{ n: number; tags: string[] }>();
      expectTypeOf(ctx.results).toEqualTypeOf<UpstreamResults>();
      return null;
    });
    expectTypeOf(load).toEqualTypeOf<HandlerRegistration<{ value: number }, { value: number; items: { id: string }[] }, UpstreamResults>>();
    expectTypeOf<OutputOf<typeof square>>().toEqualTypeOf<{ value: number }>();
    expectTypeOf<OutputOf<typeof plain>>().toEqualTypeOf<{ keys: string[] }>();
    expectTypeOf<ParamsOf<typeof plain>>().toEqualTypeOf<JsonObject>();
    expectTypeOf<ParamsOf<typeof typedParams>>().toEqualTypeOf<{ x: number; label?: string }>();
    // The step's params are the schema's input: fields with defaults may be left out.
    // eslint-disable-next-line @typescript-eslint/no-unused-vars -- made for its type alone
    const withDefault = defineHandler('t.default', { input: z.object({ n: z.number().default(1) }) }, (ctx) => ctx.params.n);
    expectTypeOf<ParamsOf<typeof withDefault>>().toEqualTypeOf<{ n?: number | undefined }>();
  });

  it('types ctx.results from the upstream declaration', () => {
    defineHandler('t.reader', { upstream: { load, square, raw: z.object({ ok: z.boolean() }) } }, (ctx) => {
      expectTypeOf(ctx.results.load).toEqualTypeOf<{ value: number; items: { id: string }[] }>();
      expectTypeOf(ctx.results.square).toEqualTypeOf<{ value: number }>();
      expectTypeOf(ctx.results.raw).toEqualTypeOf<{ ok: boolean }>();
      // @ts-expect-error only declared steps are in ctx.results
      void ctx.results.other;
      expectTypeOf(ctx.params).toEqualTypeOf<JsonObject>();
      return 1;
    });
  });

  it('checks the handler against its schemas', () => {
    // @ts-expect-error the output schema wants a number
    defineHandler('t.bad_output', { input: z.object({}), output: z.object({ value: z.number() }) }, () => ({ value: 'nine' }));
    defineHandler('t.bad_param', { input: z.object({ n: z.number() }) }, (ctx) => {
      // @ts-expect-error n is a number
      ctx.params.n.toUpperCase();
      return null;
    });
    const ctxType = (ctx: HandlerContext<{ a: 1 }, { s: string }>) => ctx;
    expectTypeOf(ctxType).parameter(0).toHaveProperty('results').toEqualTypeOf<{ s: string }>();
  });
});

describe('workflow builder types', () => {
  const base = workflow('t', 'typed', '1')
    .step('load', load, { params: { value: ref.context('v') } })
    .step('square', square, { dependsOn: ['load'], params: { x: ref.step('load', 'value') } });

  it('records each step output and what is upstream of it', () => {
    const wf = base.step('total', total, { dependsOn: ['square'] }).step('note', 'any.handler', { dependsOn: ['total'] });
    expectTypeOf<StepOutputs<typeof wf>>().toEqualTypeOf<{
      load: { value: number; items: { id: string }[] };
      square: { value: number };
      total: { total: number };
      note: JsonValue;
    }>();
    expectTypeOf<ContextOf<typeof wf>>().toEqualTypeOf<JsonObject>();
    expect(wf.build().steps.map((s) => s.name)).toEqual(['load', 'square', 'total', 'note']);
  });

  it('types the context from an input schema', () => {
    // eslint-disable-next-line @typescript-eslint/no-unused-vars -- made for its type alone
    const wf = workflow('t', 'ctx', '1', { input: z.object({ id: z.string(), n: z.number().default(2) }) }).step('a', 'h.a');
    expectTypeOf<ContextOf<typeof wf>>().toEqualTypeOf<{ id: string; n?: number | undefined }>();
    // eslint-disable-next-line @typescript-eslint/no-unused-vars -- made for its type alone
    const later = workflow('t', 'ctx2', '1')
      .step('a', 'h.a')
      .options({ input: z.object({ q: z.boolean() }) });
    expectTypeOf<ContextOf<typeof later>>().toEqualTypeOf<{ q: boolean }>();
  });

  it('accepts references to upstream steps, typed paths and interpolation', () => {
    const wf = base
      .step('many', plain, {
        dependsOn: ['square'],
        params: {
          // transitive upstream, a path into a list, a whole output, interpolated text, nested values
          first: ref.step('load', 'items.0.id'),
          whole: ref.step('square'),
          text: `square=${ref.step('square', 'value')} of ${ref.context('v')}`,
          nested: { list: ['${steps.load.value}', 1, null] },
        },
      })
      .step('typed', typedParams, { dependsOn: ['load'], params: { x: '${steps.load.value}' } })
      // A handler named by string has an untyped output: any path is accepted.
      .step('untyped', 'some.handler', { dependsOn: ['load'] })
      .step('after_untyped', typedParams, { dependsOn: ['untyped'], params: { x: ref.step('untyped', 'anything.at.all') } });
    expect(wf.build().steps).toHaveLength(6);
  });

  it('rejects names, dependencies, references and params that do not fit', () => {
    // @ts-expect-error dependsOn names only earlier steps
    base.step('x', plain, { dependsOn: ['nope'] });
    // @ts-expect-error a step name is used once
    base.step('load', plain);
    // @ts-expect-error "load" is not upstream of a step without dependsOn
    base.step('x', plain, { params: { v: ref.step('load', 'value') } });
    // @ts-expect-error no step of that name exists
    base.step('x', plain, { dependsOn: ['load'], params: { v: 'a ${steps.nope.value} b' } });
    // @ts-expect-error load's output has no field "missing"
    base.step('x', plain, { dependsOn: ['load'], params: { v: ref.step('load', 'missing') } });
    // @ts-expect-error items is a list of objects, not the number square wants
    base.step('x', square, { dependsOn: ['load'], params: { x: ref.step('load', 'items') } });
    // @ts-expect-error a literal of the wrong type
    base.step('x', square, { params: { x: 'nine' } });
    // @ts-expect-error square has no param "y"
    base.step('x', square, { params: { x: 1, y: 2 } });
    // @ts-expect-error square needs its params
    base.step('x', square);
    // @ts-expect-error total reads results of "square", which must be upstream
    base.step('x', total, { dependsOn: ['load'] });
    // Kept on one line (prettier-ignore): each @ts-expect-error names the line after it.
    // prettier-ignore
    // @ts-expect-error total reads square's output as { value: number }, but this "square" returns something else
    workflow('t', 'w', '1').step('load', load, { params: { value: 1 } }).step('square', plain).step('x', total, { dependsOn: ['load', 'square'] });
    // @ts-expect-error fan-out items must reference upstream steps
    base.step('x', plain, { kind: 'fan_out', fanOut: { each: 'y', items: ref.step('later') } });
    expect(true).toBe(true);
  });

  it('in sequential mode, the previous step is upstream without dependsOn', () => {
    const seq = workflow('t', 'seq', '1', { mode: 'sequential' })
      .step('load', load, { params: { value: 1 } })
      .step('square', square, { params: { x: ref.step('load', 'value') } })
      .step('total', total);
    expect(seq.build().steps.map((s) => s.depends_on)).toEqual([[], ['load'], ['square']]);
    // prettier-ignore
    // @ts-expect-error with dependsOn: [] the step is a root, so load is not upstream
    workflow('t', 'seq', '1', { mode: 'sequential' }).step('load', load, { params: { value: 1 } }).step('square', square, { dependsOn: [], params: { x: ref.step('load', 'value') } });
    // prettier-ignore
    // @ts-expect-error in dag mode the previous step is not upstream
    workflow('t', 'dag', '1').step('load', load, { params: { value: 1 } }).step('square', square, { params: { x: ref.step('load', 'value') } });
  });
});
