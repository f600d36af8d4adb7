import { describe, it, expect } from 'vitest';
import { validateTemplate } from '../../src/domain/template-validate.js';
import { expectOnlyIssue, issuesOf, templateError, validTemplate, type Raw } from './template-helpers.js';

function template(steps: Raw[], extra: Raw = {}): Raw {
  return { namespace: 'shop', name: 'order', version: '1.0.0', ...extra, steps };
}

const step = (name: string, more: Raw = {}): Raw => ({ name, handler: `h.${name}`, ...more });

/** s0 <- s1 <- ... : each step depends on the previous one (a cycle when closed). */
function chainSteps(n: number, closed: boolean): Raw[] {
  return Array.from({ length: n }, (_, i) =>
    step(`s${i}`, { depends_on: i === 0 ? (closed ? [`s${n - 1}`] : []) : [`s${i - 1}`], params: i === 0 ? {} : { first: '${steps.s0.id}' } }),
  );
}

describe('validateTemplate: names and dependencies', () => {
  it('rejects a duplicate step name, pointing at the later one', () => {
    expectOnlyIssue(template([step('a'), step('b'), step('a')]), 'steps[2].name', 'step "a": name is already used by steps[0]; step names must be unique', 'a');
  });

  it('rejects a dependency on an unknown step', () => {
    expectOnlyIssue(template([step('a', { depends_on: ['ghost'] })]), 'steps[0].depends_on[0]', 'step "a": depends_on[0] names unknown step "ghost"', 'a');
  });

  it('rejects a step that depends on itself', () => {
    expectOnlyIssue(template([step('a', { depends_on: ['a'] })]), 'steps[0].depends_on[0]', 'step "a": depends_on[0] names the step itself; a step cannot depend on itself', 'a');
  });

  it('rejects a dependency listed twice', () => {
    expectOnlyIssue(template([step('a'), step('b', { depends_on: ['a', 'a'] })]), 'steps[1].depends_on[1]', 'step "b": depends_on[1] lists "a" more than once', 'b');
  });

  it('rejects a cycle and names its path', () => {
    expectOnlyIssue(
      template([step('a', { depends_on: ['c'] }), step('b', { depends_on: ['a'] }), step('c', { depends_on: ['b'] })]),
      'steps[0].depends_on',
      'step "a": depends_on forms a cycle: a -> c -> b -> a',
      'a',
    );
  });

  it('finds a cycle that sequential mode creates', () => {
    const t = template([step('a', { depends_on: ['b'] }), step('b')], { mode: 'sequential' });
    expect(issuesOf(t)[0].message).toBe('step "a": depends_on forms a cycle: a -> b -> a');
  });

  it('accepts a 10,000-step chain whose every step reads the first, by default', () => {
    const def = validateTemplate(template(chainSteps(10_000, false)));
    expect(def.steps).toHaveLength(10_000);
    expect(def.steps[9_999].params).toEqual({ first: '${steps.s0.id}' });
  });

  it('refuses a template one step over the cap, naming the cap and how to raise it', () => {
    expectOnlyIssue(
      template(chainSteps(10_001, false)),
      'steps',
      'steps must list at most 10000 steps (found 10001); raise the cap with templates.max_steps in baton.toml or BATON_TEMPLATES_MAX_STEPS',
    );
  });

  it('applies a configured cap, accepting exactly that many steps', () => {
    expect(validateTemplate(template(chainSteps(1000, false)), { maxSteps: 1000 }).steps).toHaveLength(1000);
    expect(issuesOf(template(chainSteps(1001, false)), { maxSteps: 1000 }).map((i) => i.message)).toEqual([
      'steps must list at most 1000 steps (found 1001); raise the cap with templates.max_steps in baton.toml or BATON_TEMPLATES_MAX_STEPS',
    ]);
    expect(validateTemplate(template(chainSteps(12_000, false)), { maxSteps: 20_000 }).steps).toHaveLength(12_000);
  });

  it("reports a 10,000-step cycle once, abbreviating the path, and not its steps' references", () => {
    const issues = issuesOf(template(chainSteps(10_000, true)));
    expect(issues.map((i) => i.path)).toEqual(['steps[0].depends_on']);
    expect(issues[0].message).toMatch(/^step "s0": depends_on forms a cycle: s0 -> s9999 -> s9998 .* -> \.\.\. \(9981 more\) -> .* -> s1 -> s0$/);
  });

  it('reports both the cap and a cycle past it', () => {
    const issues = issuesOf(template(chainSteps(1001, true)), { maxSteps: 1000 });
    expect(issues.map((i) => i.path)).toEqual(['steps', 'steps[0].depends_on']);
  });

  it('still reports other problems past the step cap', () => {
    const steps = chainSteps(1001, false);
    steps[500] = { name: 's500', depends_on: ['s499'] };
    expect(issuesOf(template(steps), { maxSteps: 1000 }).map((i) => i.message)).toEqual([
      'steps must list at most 1000 steps (found 1001); raise the cap with templates.max_steps in baton.toml or BATON_TEMPLATES_MAX_STEPS',
      'step "s500": handler is required',
    ]);
  });

  it('lists every problem in a 10,000-step template, in step order', () => {
    // Two 5,000-step chains, a0.. and b0..; each step reads its grandparent and the first step of its chain.
    const chain = (p: string) =>
      Array.from({ length: 5_000 }, (_, i) =>
        step(`${p}${i}`, { depends_on: i === 0 ? [] : [`${p}${i - 1}`], params: i < 2 ? {} : { first: `\${steps.${p}0}`, back: [`x=\${steps.${p}${i - 2}.v}`] } }),
      );
    const steps = [...chain('a'), ...chain('b')];
    steps[4_999] = { ...steps[4_999], name: 'a10', params: {} }; // duplicate name (nothing depends on the last step)
    steps[1_200].depends_on = ['a1199', 'ghost']; // unknown dependency
    steps[2_500].params = { deep: { list: [1, '${steps.b4000.v}'] } }; // another chain's step: not upstream
    steps[3_000].retry = { max_attempts: 0 }; // bad retry value
    steps[4_000].retyr = {}; // unknown key
    delete steps[6_000].handler; // missing handler
    steps[7_000].params = { self: '${steps.b2000}', later: '${steps.b2001}' }; // itself, and a downstream step
    steps[9_999].params = { n: Number.NaN }; // not JSON
    expect(issuesOf(template(steps)).map((i) => `${i.path}: ${i.message}`)).toEqual([
      'steps[1200].depends_on[1]: step "a1200": depends_on[1] names unknown step "ghost"',
      'steps[2500].params.deep.list[1]: step "a2500": params.deep.list[1] refers to step "b4000", which is not upstream of "a2500"; add "b4000" to depends_on',
      'steps[3000].retry.max_attempts: step "a3000": retry.max_attempts must be an integer between 1 and 1000',
      'steps[4000].retyr: step "a4000": retyr is not a known key (did you mean "retry"?)',
      'steps[4999].name: step "a10": name is already used by steps[10]; step names must be unique',
      'steps[6000].handler: step "b1000": handler is required',
      'steps[7000].params.self: step "b2000": params.self refers to the step itself in "${steps.b2000}"; a step can only read upstream outputs',
      'steps[7000].params.later: step "b2000": params.later refers to step "b2001", which is not upstream of "b2000"; add "b2001" to depends_on',
      'steps[9999].params.n: step "b4999": params.n must be JSON: a string, finite number, boolean, null, list or object',
    ]);
  });
});

describe('validateTemplate: kinds and fan_out', () => {
  const fan = (fan_out: Raw, more: Raw = {}) =>
    template([step('list'), step('split', { kind: 'fan_out', depends_on: ['list'], fan_out, ...more }), step('work', { depends_on: ['split'] })]);

  it('accepts a fan_out step whose each step waits for it', () => {
    expect(() => validateTemplate(fan({ each: 'work', items: '${steps.list.items}' }))).not.toThrow();
  });

  it('requires fan_out when kind is fan_out', () => {
    expectOnlyIssue(
      template([step('split', { kind: 'fan_out' })]),
      'steps[0].fan_out',
      'step "split": fan_out is required when kind is fan_out (fan_out: { each: <step name> })',
      'split',
    );
  });

  it('rejects fan_out on a step that is not kind fan_out', () => {
    expectOnlyIssue(
      template([step('split', { fan_out: { each: 'work' } }), step('work', { depends_on: ['split'] })]),
      'steps[0].fan_out',
      'step "split": fan_out is only allowed when kind is fan_out',
      'split',
    );
  });

  it('requires fan_out.each', () => {
    expectOnlyIssue(fan({ batch_size: 2 }), 'steps[1].fan_out.each', 'step "split": fan_out.each is required', 'split');
  });

  it('rejects fan_out.each naming an unknown step', () => {
    expectOnlyIssue(fan({ each: 'ghost' }), 'steps[1].fan_out.each', 'step "split": fan_out.each names unknown step "ghost"', 'split');
  });

  it('rejects fan_out.each naming the fan_out step itself', () => {
    expectOnlyIssue(fan({ each: 'split' }), 'steps[1].fan_out.each', 'step "split": fan_out.each names the step itself; it must name a step downstream of it', 'split');
  });

  it('rejects fan_out.each naming a step that does not wait for the fan_out step', () => {
    expectOnlyIssue(fan({ each: 'list' }), 'steps[1].fan_out.each', 'step "split": fan_out.each names step "list", which must list "split" in depends_on', 'split');
  });

  it('rejects fan_out.each naming a step with other dependencies too', () => {
    expectOnlyIssue(
      template([step('list'), step('split', { kind: 'fan_out', depends_on: ['list'], fan_out: { each: 'work' } }), step('work', { depends_on: ['split', 'list'] })]),
      'steps[1].fan_out.each',
      'step "split": fan_out.each names step "work", which must depend on "split" only',
      'split',
    );
  });

  it.each([0, 1.5, '2'])('rejects fan_out.batch_size %j', (batch_size) => {
    expectOnlyIssue(fan({ each: 'work', batch_size }), 'steps[1].fan_out.batch_size', 'step "split": fan_out.batch_size must be a positive integer', 'split');
  });

  it('rejects an unknown fan_out key', () => {
    expectOnlyIssue(fan({ each: 'work', size: 2 }), 'steps[1].fan_out.size', 'step "split": fan_out.size is not a known key', 'split');
  });

  it('rejects fan_out that is not an object', () => {
    expectOnlyIssue(fan('work'), 'steps[1].fan_out', 'step "split": fan_out must be an object with each, batch_size and items', 'split');
  });

  it('rejects fan_out.items that is not a single reference', () => {
    expectOnlyIssue(
      fan({ each: 'work', items: 'items: ${steps.list.items}' }),
      'steps[1].fan_out.items',
      'step "split": fan_out.items must be a single ${...} reference, such as "${steps.list.items}"',
      'split',
    );
    expectOnlyIssue(fan({ each: 'work', items: 3 }), 'steps[1].fan_out.items', 'step "split": fan_out.items must be a ${...} reference string', 'split');
  });

  it('rejects fan_out.items referring to a step that is not upstream', () => {
    expectOnlyIssue(
      fan({ each: 'work', items: '${steps.work.items}' }),
      'steps[1].fan_out.items',
      'step "split": fan_out.items refers to step "work", which is not upstream of "split"; add "work" to depends_on',
      'split',
    );
  });

  it('accepts a decision step', () => {
    const t = template([step('decide', { kind: 'decision' }), step('left', { depends_on: ['decide'] })]);
    expect(validateTemplate(t).steps[0].kind).toBe('decision');
  });
});

describe('validateTemplate: references', () => {
  const refs = (params: Raw, deps = ['b']) => template([step('a'), step('b', { depends_on: ['a'] }), step('c', { depends_on: deps, params })]);

  it('accepts context references and references to direct and transitive upstream steps', () => {
    const params = { id: '${context.order.id}', b: '${steps.b.x}', a: '${steps.a}', text: 'a=${steps.a.items.0.id}', n: [{ deep: '${context}' }] };
    expect(validateTemplate(refs(params)).steps[2].params).toEqual(params);
  });

  it('rejects a reference to a step that is not upstream, naming both steps', () => {
    const t = template([step('a'), step('b'), step('c', { depends_on: ['a'], params: { x: '${steps.b.out}' } })]);
    expectOnlyIssue(t, 'steps[2].params.x', 'step "c": params.x refers to step "b", which is not upstream of "c"; add "b" to depends_on', 'c');
  });

  it('rejects a reference to a downstream step', () => {
    expectOnlyIssue(
      template([step('a', { params: { x: '${steps.b}' } }), step('b', { depends_on: ['a'] })]),
      'steps[0].params.x',
      'step "a": params.x refers to step "b", which is not upstream of "a"; add "b" to depends_on',
      'a',
    );
  });

  it('rejects a reference to the step itself', () => {
    expectOnlyIssue(
      refs({ x: '${steps.c.out}' }),
      'steps[2].params.x',
      'step "c": params.x refers to the step itself in "${steps.c.out}"; a step can only read upstream outputs',
      'c',
    );
  });

  it('rejects a reference to an unknown step', () => {
    expectOnlyIssue(refs({ x: '${steps.ghost.out}' }), 'steps[2].params.x', 'step "c": params.x refers to unknown step "ghost" in "${steps.ghost.out}"', 'c');
  });

  it('rejects an unknown reference root, inside a longer string and nested', () => {
    expectOnlyIssue(
      refs({ env: { home: ['dir: ${env.HOME}'] } }),
      'steps[2].params.env.home[0]',
      'step "c": params.env.home[0] uses unknown reference root "env" in "${env.HOME}"; use ${context...} or ${steps.<name>...}',
      'c',
    );
  });

  it('rejects ${steps} without a step name', () => {
    expectOnlyIssue(refs({ x: '${steps}' }), 'steps[2].params.x', 'step "c": params.x names no step in "${steps}"; use ${steps.<name>...}', 'c');
  });

  it('rejects an empty path segment', () => {
    expectOnlyIssue(refs({ x: '${context..a}' }), 'steps[2].params.x', 'step "c": params.x has an empty path segment in "${context..a}"', 'c');
    expectOnlyIssue(refs({ x: '${steps..a}' }), 'steps[2].params.x', 'step "c": params.x has an empty path segment in "${steps..a}"', 'c');
  });

  it('reports every bad reference in one string', () => {
    expect(issuesOf(refs({ x: '${steps.ghost} and ${nope.x}' })).map((i) => i.path)).toEqual(['steps[2].params.x', 'steps[2].params.x']);
  });

  it('checks references against the dependencies sequential mode adds', () => {
    const t = template([step('a'), step('b'), step('c', { params: { x: '${steps.a.out}' } })], { mode: 'sequential' });
    expect(() => validateTemplate(t)).not.toThrow();
  });
});

describe('validateTemplate: the error', () => {
  it('names the template and the problem when there is one', () => {
    const t = validTemplate();
    t.steps[1].retry = { max_attempts: 0 };
    expect(templateError(t).message).toBe('template shop/order@1.0.0: step "charge": retry.max_attempts must be an integer between 1 and 1000');
    expect(templateError(t).details).toMatchObject({ template: 'shop/order@1.0.0' });
    expect(templateError(t).status).toBe(400);
  });

  it('lists every problem at once, template-level first, then by step', () => {
    const t = template([step('a', { retry: { backoff: 'x' }, depends_on: ['ghost'] }), { handler: 'h' }], {
      version: 2,
      bogus: 1,
      on_failure: 'x',
      input_schema: { type: 'nope' },
    });
    const err = templateError(t);
    expect(err.message).toMatch(
      /^template shop\/order@2 has 6 problems: on_failure must be one of stop, continue; bogus is not a known key; input_schema is not a valid JSON Schema: .*; step "a": retry\.backoff/,
    );
    expect((err.details as { issues: { path: string }[] }).issues.map((i) => i.path)).toEqual([
      'on_failure',
      'bogus',
      // found last (after the step rules), listed with the template-level problems
      'input_schema',
      'steps[0].retry.backoff',
      'steps[0].depends_on[0]',
      'steps[1].name',
    ]);
  });

  it('checks handlers against known ones when given', () => {
    expect(issuesOf(validTemplate(), { knownHandlers: ['shop.validate'] })).toEqual([
      { path: 'steps[1].handler', step: 'charge', message: 'step "charge": handler "shop.charge" is not a registered handler' },
    ]);
    expect(() => validateTemplate(validTemplate(), { knownHandlers: new Set(['shop.validate', 'shop.charge']) })).not.toThrow();
  });

  it('names what it knows of a template with no namespace or version', () => {
    const t = validTemplate();
    delete t.namespace;
    delete t.version;
    expect(templateError(t).message).toMatch(/^template order has 2 problems:/);
  });
});
