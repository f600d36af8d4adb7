import { describe, it, expect } from 'vitest';
import { validateTemplate } from '../../src/domain/template-validate.js';
import { expectOnlyIssue, issuesOf, validTemplate, type Raw } from './template-helpers.js';

const IDENT = 'must start with a letter and contain only letters, digits, "_", "." or "-" (at most 128 characters)';

function withTop(patch: Raw): Raw {
  return { ...validTemplate(), ...patch };
}

function withStep(patch: Raw, index = 1): Raw {
  const t = validTemplate();
  t.steps[index] = { ...t.steps[index], ...patch };
  return t;
}

describe('validateTemplate: template fields', () => {
  it('accepts the valid base template', () => {
    expect(() => validateTemplate(validTemplate())).not.toThrow();
  });

  it.each([null, [], 'text', 42])('rejects a template that is not an object (%j)', (input) => {
    expectOnlyIssue(input, '', 'template must be an object (a mapping with namespace, name, version and steps)');
  });

  it('rejects an unknown top-level key and suggests the likely one', () => {
    expectOnlyIssue(withTop({ on_failur: 'stop' }), 'on_failur', 'on_failur is not a known key (did you mean "on_failure"?)');
  });

  it('rejects an unknown top-level key with no near match', () => {
    expectOnlyIssue(withTop({ zzzzzz: 1 }), 'zzzzzz', 'zzzzzz is not a known key');
  });

  it('requires namespace', () => {
    const t = validTemplate();
    delete t.namespace;
    expectOnlyIssue(t, 'namespace', 'namespace is required');
  });

  it('rejects a namespace that is not identifier-like', () => {
    expectOnlyIssue(withTop({ namespace: 'my shop' }), 'namespace', `namespace ${IDENT}`);
  });

  it('requires name', () => {
    const t = validTemplate();
    delete t.name;
    expectOnlyIssue(t, 'name', 'name is required');
  });

  it.each(['1order', 'a'.repeat(129), '', 'a/b'])('rejects the name %j', (name) => {
    expectOnlyIssue(withTop({ name }), 'name', `name ${IDENT}`);
  });

  it('accepts a 128-character name with dots, dashes and underscores', () => {
    expect(validateTemplate(withTop({ name: `a.b-c_${'x'.repeat(122)}` })).name).toHaveLength(128);
  });

  it('requires version', () => {
    const t = validTemplate();
    delete t.version;
    expectOnlyIssue(t, 'version', 'version is required');
  });

  it('rejects a version of the wrong type', () => {
    expectOnlyIssue(withTop({ version: true }), 'version', 'version must be a string such as "1.0.0"');
  });

  it.each(['1 0', 'a/b', '1@2', '', '.1'])('rejects the version %j', (version) => {
    expectOnlyIssue(withTop({ version }), 'version', 'version must be 1-64 letters, digits, ".", "_", "+" or "-", starting with a letter or digit');
  });

  it('rejects a description that is not a string', () => {
    expectOnlyIssue(withTop({ description: 5 }), 'description', 'description must be a string');
  });

  it('rejects an input_schema that is not an object', () => {
    expectOnlyIssue(withTop({ input_schema: ['type'] }), 'input_schema', 'input_schema must be a JSON Schema object');
  });

  it('rejects an input_schema that does not compile', () => {
    const [issue] = issuesOf(withTop({ input_schema: { type: 'objekt' } }));
    expect(issue.path).toBe('input_schema');
    expect(issue.message).toMatch(/^input_schema is not a valid JSON Schema: schema is invalid: data\/type/);
  });

  it('rejects an input_schema with an unresolvable $ref', () => {
    const [issue] = issuesOf(withTop({ input_schema: { $ref: '#/definitions/nope' } }));
    expect(issue.message).toContain("can't resolve reference #/definitions/nope");
  });

  it.each([0, -1, 30 * 86_400 + 1, 'soon'])('rejects the template timeout_seconds %j', (timeout_seconds) => {
    expectOnlyIssue(withTop({ timeout_seconds }), 'timeout_seconds', 'timeout_seconds must be a positive number of seconds, at most 2592000 (30 days), or null');
  });

  it('rejects an on_failure that is not stop or continue', () => {
    expectOnlyIssue(withTop({ on_failure: 'halt' }), 'on_failure', 'on_failure must be one of stop, continue');
  });

  it('rejects a mode that is not dag or sequential', () => {
    expectOnlyIssue(withTop({ mode: 'parallel' }), 'mode', 'mode must be one of dag, sequential');
  });

  it('rejects defaults that are not an object', () => {
    expectOnlyIssue(withTop({ defaults: 3 }), 'defaults', 'defaults must be an object with retry, timeout_seconds or concurrency');
  });

  it('rejects an unknown key in defaults', () => {
    expectOnlyIssue(withTop({ defaults: { retri: {} } }), 'defaults.retri', 'defaults.retri is not a known key (did you mean "retry"?)');
  });

  it('rejects a bad value in defaults.retry', () => {
    expectOnlyIssue(withTop({ defaults: { retry: { max_attempts: 0 } } }), 'defaults.retry.max_attempts', 'defaults.retry.max_attempts must be an integer between 1 and 1000');
  });

  it('rejects defaults.retry whose max_ms is below its base_ms once merged', () => {
    expectOnlyIssue(
      withTop({ defaults: { retry: { base_ms: 120_000 } } }),
      'defaults.retry.max_ms',
      'defaults.retry.max_ms (60000) must be at least retry.base_ms (120000) once merged with the defaults',
    );
  });

  it('rejects a defaults.timeout_seconds over one day', () => {
    expectOnlyIssue(
      withTop({ defaults: { timeout_seconds: 86_401 } }),
      'defaults.timeout_seconds',
      'defaults.timeout_seconds must be a positive number of seconds, at most 86400 (1 day), or null',
    );
  });

  it('requires steps', () => {
    const t = validTemplate();
    delete t.steps;
    expectOnlyIssue(t, 'steps', 'steps is required');
  });

  it('rejects steps that are not a list', () => {
    expectOnlyIssue(withTop({ steps: { a: 1 } }), 'steps', 'steps must be a list of steps');
  });

  it('rejects an empty step list', () => {
    expectOnlyIssue(withTop({ steps: [] }), 'steps', 'steps must list at least one step');
  });
});

describe('validateTemplate: step fields', () => {
  it('rejects a step that is not an object', () => {
    const t = validTemplate();
    t.steps.push('oops');
    expectOnlyIssue(t, 'steps[2]', 'steps[2] must be an object with at least name and handler');
  });

  it('requires a step name and identifies the step by index', () => {
    expectOnlyIssue(withStep({ name: undefined, depends_on: undefined }), 'steps[1].name', 'steps[1]: name is required');
  });

  it('rejects a step name that is not identifier-like', () => {
    expectOnlyIssue(withStep({ name: 'charge card' }), 'steps[1].name', `step "charge card": name ${IDENT}`, 'charge card');
  });

  it('rejects an unknown step key and suggests the likely one', () => {
    expectOnlyIssue(withStep({ retyr: {} }), 'steps[1].retyr', 'step "charge": retyr is not a known key (did you mean "retry"?)', 'charge');
  });

  it('requires a handler', () => {
    expectOnlyIssue(withStep({ handler: undefined }), 'steps[1].handler', 'step "charge": handler is required', 'charge');
  });

  it('rejects an empty handler', () => {
    expectOnlyIssue(withStep({ handler: '' }), 'steps[1].handler', 'step "charge": handler must not be empty', 'charge');
  });

  it('rejects a handler name over 200 characters', () => {
    expectOnlyIssue(withStep({ handler: 'h'.repeat(201) }), 'steps[1].handler', 'step "charge": handler must be at most 200 characters', 'charge');
  });

  it('rejects a handler that is not a string', () => {
    expectOnlyIssue(withStep({ handler: 7 }), 'steps[1].handler', 'step "charge": handler must be a handler name', 'charge');
  });

  it('rejects an unknown kind', () => {
    expectOnlyIssue(withStep({ kind: 'map' }), 'steps[1].kind', 'step "charge": kind must be one of task, decision, fan_out, sleep, wait, workflow', 'charge');
  });

  it('rejects depends_on that is not a list', () => {
    expectOnlyIssue(withStep({ depends_on: 'validate' }), 'steps[1].depends_on', 'step "charge": depends_on must be a list of step names', 'charge');
  });

  it('rejects a depends_on entry that is not a string', () => {
    expectOnlyIssue(withStep({ depends_on: ['validate', 3] }), 'steps[1].depends_on[1]', 'step "charge": depends_on[1] must be a step name', 'charge');
  });

  it('rejects params that are not an object', () => {
    expectOnlyIssue(withStep({ params: [1, 2] }), 'steps[1].params', 'step "charge": params must be an object', 'charge');
  });

  it('rejects params values that are not JSON, naming the nested path', () => {
    expectOnlyIssue(
      withStep({ params: { limits: [1, { max: Infinity }] } }),
      'steps[1].params.limits[1].max',
      'step "charge": params.limits[1].max must be JSON: a string, finite number, boolean, null, list or object',
      'charge',
    );
    expect(issuesOf(withStep({ params: { when: new Date(0), fn: () => 1, u: undefined } })).map((i) => i.path)).toEqual([
      'steps[1].params.when',
      'steps[1].params.fn',
      'steps[1].params.u',
    ]);
  });

  it('names a params key that is not a plain identifier in brackets', () => {
    expectOnlyIssue(
      withStep({ params: { 'content-type': Number.NaN } }),
      'steps[1].params["content-type"]',
      'step "charge": params["content-type"] must be JSON: a string, finite number, boolean, null, list or object',
      'charge',
    );
  });

  it('rejects a retry that is not an object', () => {
    expectOnlyIssue(withStep({ retry: 3 }), 'steps[1].retry', 'step "charge": retry must be an object with max_attempts, backoff, base_ms, max_ms or jitter', 'charge');
  });

  it('rejects an unknown retry key', () => {
    expectOnlyIssue(withStep({ retry: { attempts: 3 } }), 'steps[1].retry.attempts', 'step "charge": retry.attempts is not a known key', 'charge');
  });

  it.each([0, 1001, 1.5, '3'])('rejects retry.max_attempts %j', (max_attempts) => {
    expectOnlyIssue(withStep({ retry: { max_attempts } }), 'steps[1].retry.max_attempts', 'step "charge": retry.max_attempts must be an integer between 1 and 1000', 'charge');
  });

  it('rejects an unknown retry.backoff', () => {
    expectOnlyIssue(withStep({ retry: { backoff: 'random' } }), 'steps[1].retry.backoff', 'step "charge": retry.backoff must be one of none, fixed, linear, exponential', 'charge');
  });

  it.each([-1, 86_400_001, 0.5])('rejects retry.base_ms %j', (base_ms) => {
    expectOnlyIssue(
      withStep({ retry: { base_ms, max_ms: 86_400_000 } }),
      'steps[1].retry.base_ms',
      'step "charge": retry.base_ms must be an integer between 0 and 86400000',
      'charge',
    );
  });

  it('rejects retry.max_ms over one day', () => {
    expectOnlyIssue(withStep({ retry: { max_ms: 86_400_001 } }), 'steps[1].retry.max_ms', 'step "charge": retry.max_ms must be an integer between 0 and 86400000', 'charge');
  });

  it('rejects retry.max_ms below retry.base_ms', () => {
    expectOnlyIssue(
      withStep({ retry: { base_ms: 500, max_ms: 100 } }),
      'steps[1].retry.max_ms',
      'step "charge": retry.max_ms (100) must be at least retry.base_ms (500) once merged with the defaults',
      'charge',
    );
  });

  it('rejects a step base_ms above the max_ms it inherits from defaults.retry', () => {
    const t = withStep({ retry: { base_ms: 5_000 } });
    t.defaults = { retry: { max_ms: 2_000, base_ms: 100 } };
    expectOnlyIssue(t, 'steps[1].retry.max_ms', 'step "charge": retry.max_ms (2000) must be at least retry.base_ms (5000) once merged with the defaults', 'charge');
  });

  it('rejects a retry.jitter that is not a boolean', () => {
    expectOnlyIssue(withStep({ retry: { jitter: 'yes' } }), 'steps[1].retry.jitter', 'step "charge": retry.jitter must be true or false', 'charge');
  });

  it.each([0, -5, 86_401, 'fast'])('rejects the step timeout_seconds %j', (timeout_seconds) => {
    expectOnlyIssue(
      withStep({ timeout_seconds }),
      'steps[1].timeout_seconds',
      'step "charge": timeout_seconds must be a positive number of seconds, at most 86400 (1 day), or null',
      'charge',
    );
  });

  it('rejects labels that are not an object', () => {
    expectOnlyIssue(withStep({ labels: ['gpu'] }), 'steps[1].labels', 'step "charge": labels must be an object of label names to values', 'charge');
  });

  it('rejects a label value that is not a scalar', () => {
    expectOnlyIssue(withStep({ labels: { gpu: ['a'] } }), 'steps[1].labels.gpu', 'step "charge": labels.gpu must be a string, number or boolean', 'charge');
    expectOnlyIssue(withStep({ labels: { gpu: null } }), 'steps[1].labels.gpu', 'step "charge": labels.gpu must be a string, number or boolean', 'charge');
  });

  it('rejects an empty label name', () => {
    expectOnlyIssue(withStep({ labels: { '': 'x' } }), 'steps[1].labels[""]', 'step "charge": labels[""] has a bad name: names must not be empty', 'charge');
  });
});
