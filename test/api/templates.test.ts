import { afterEach, describe, expect, it } from 'vitest';
import { backends } from '../support/db.js';
import { ONE_STEP_YAML, ORDER_TEMPLATE, startApi, type ApiHarness } from './api-harness.js';

const yaml = (payload: string, type = 'application/yaml') => ({
  method: 'POST' as const,
  url: '/v1/templates',
  headers: { 'content-type': type },
  payload,
});

/** Each one breaks a template in a different way; all must be refused as invalid_template. */
const INVALID_YAML: Record<string, string> = {
  'YAML syntax error': 'namespace: t\nname: [unclosed\n',
  'duplicate key': 'namespace: t\nnamespace: u\nname: a\nversion: "1"\nsteps: [{name: a, handler: x}]\n',
  'not an object': '- just\n- a list\n',
  'missing required fields': 'namespace: t\nsteps: []\n',
  'unknown field': 'namespace: t\nname: a\nversion: "1"\ncolour: blue\nsteps: [{name: a, handler: x}]\n',
  cycle: `namespace: t
name: a
version: "1"
steps:
  - { name: a, handler: x, depends_on: [b] }
  - { name: b, handler: x, depends_on: [a] }
`,
  'unknown dependency': 'namespace: t\nname: a\nversion: "1"\nsteps: [{name: a, handler: x, depends_on: [ghost]}]\n',
  'duplicate step names': 'namespace: t\nname: a\nversion: "1"\nsteps: [{name: a, handler: x}, {name: a, handler: y}]\n',
  'bad retry values': 'namespace: t\nname: a\nversion: "1"\nsteps: [{name: a, handler: x, retry: {max_attempts: 0, backoff: sideways}}]\n',
  'reference to a step that is not upstream': `namespace: t
name: a
version: "1"
steps:
  - { name: a, handler: x }
  - { name: b, handler: x, params: { v: "\${steps.a.out}" } }
`,
  'fan_out without spec': 'namespace: t\nname: a\nversion: "1"\nsteps: [{name: a, handler: x, kind: fan_out}]\n',
  'empty body text': '   \n',
  'a quoted string that holds a template': JSON.stringify(ONE_STEP_YAML),
};

describe.each(backends)('templates API on %s', (backend) => {
  let api: ApiHarness;
  afterEach(async () => api?.close());

  it('registers a YAML template: 201, then 200 when identical, 409 when the same version changes', async () => {
    api = await startApi(backend);
    const first = await api.call(yaml(ONE_STEP_YAML));
    expect(first.res.statusCode).toBe(201);
    expect(first.body.template).toMatchObject({ namespace: 't', name: 'one', version: '1' });
    expect(first.body.template.definition.steps[0]).toMatchObject({ name: 'a', handler: 'x' });

    for (const type of ['application/x-yaml', 'text/yaml', 'text/plain', 'application/yaml; charset=utf-8']) {
      const again = await api.call(yaml(ONE_STEP_YAML, type));
      expect(again.res.statusCode, type).toBe(200);
      expect(again.body.template.digest).toBe(first.body.template.digest);
    }

    const changed = await api.call(yaml(ONE_STEP_YAML.replace('handler: x', 'handler: y')));
    expect(changed.res.statusCode).toBe(409);
    expect(changed.body.error.code).toBe('conflict');
    expect(changed.body.error.message).toMatch(/new version/);
    const shown = await api.call({ method: 'GET', url: '/v1/templates/t/one/1' });
    expect(shown.body.template.definition.steps[0].handler).toBe('x');
  });

  it('registers a JSON template the same way', async () => {
    api = await startApi(backend);
    const first = await api.call({ method: 'POST', url: '/v1/templates', payload: ORDER_TEMPLATE });
    expect(first.res.statusCode).toBe(201);
    expect(first.body.template).toMatchObject({ namespace: 'shop', name: 'order', version: '1.0.0', description: 'an order' });
    expect(first.body.template.definition.input_schema).toEqual(ORDER_TEMPLATE.input_schema);
    const again = await api.call({ method: 'POST', url: '/v1/templates', payload: ORDER_TEMPLATE });
    expect(again.res.statusCode).toBe(200);
    const changed = await api.call({ method: 'POST', url: '/v1/templates', payload: { ...ORDER_TEMPLATE, description: 'changed' } });
    expect(changed.res.statusCode).toBe(409);
    expect(changed.body.error.code).toBe('conflict');
  });

  it('refuses every kind of invalid template with 400 invalid_template listing issues, storing nothing', async () => {
    api = await startApi(backend);
    for (const [what, source] of Object.entries(INVALID_YAML)) {
      const { res, body } = await api.call(yaml(source));
      expect(res.statusCode, what).toBe(400);
      expect(body.error.code, what).toBe('invalid_template');
      expect(body.error.details.issues.length, what).toBeGreaterThan(0);
      for (const issue of body.error.details.issues) expect(typeof issue.message, what).toBe('string');
      expect(JSON.stringify(body), what).not.toMatch(/\bat .*\.(ts|js):\d+/);
    }
    for (const payload of [['a', 'list'], 42, null, 'a string', { namespace: 't' }]) {
      const { res, body } = await api.call({ method: 'POST', url: '/v1/templates', headers: { 'content-type': 'application/json' }, payload: JSON.stringify(payload) });
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(body.error.code).toBe('invalid_template');
      expect(body.error.details.issues.length).toBeGreaterThan(0);
    }
    const list = await api.call({ method: 'GET', url: '/v1/templates' });
    expect(list.body).toEqual({ templates: [] });
  });

  it('names every problem of a template at once', async () => {
    api = await startApi(backend);
    const { body } = await api.call({
      method: 'POST',
      url: '/v1/templates',
      payload: { namespace: 't', name: 'a', version: '1', steps: [{ name: 'a', handler: 'x', depends_on: ['ghost'] }, { name: 'b' }] },
    });
    expect(body.error.code).toBe('invalid_template');
    const paths = body.error.details.issues.map((i: { path: string }) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['steps[0].depends_on[0]', 'steps[1].handler']));
  });

  it('refuses a template request with no body', async () => {
    api = await startApi(backend);
    const { res, body } = await api.call({ method: 'POST', url: '/v1/templates' });
    expect(res.statusCode).toBe(400);
    expect(body.error.code).toBe('invalid_request');
  });

  it('lists templates without definitions and shows the latest or a given version with it', async () => {
    api = await startApi(backend);
    await api.call(yaml(ONE_STEP_YAML));
    await api.call(yaml(ONE_STEP_YAML.replace('version: "1"', 'version: "2"').replace('handler: x', 'handler: y')));
    await api.call({ method: 'POST', url: '/v1/templates', payload: ORDER_TEMPLATE });

    const list = await api.call({ method: 'GET', url: '/v1/templates' });
    expect(list.res.statusCode).toBe(200);
    expect(list.body.templates.map((t: any) => `${t.namespace}/${t.name}@${t.version}`).sort()).toEqual(['shop/order@1.0.0', 't/one@1', 't/one@2']);
    for (const t of list.body.templates) {
      expect(t.definition).toBeUndefined();
      expect(t.digest).toMatch(/^[0-9a-f]{64}$/);
    }

    const latest = await api.call({ method: 'GET', url: '/v1/templates/t/one' });
    expect(latest.res.statusCode).toBe(200);
    expect(latest.body.template.version).toBe('2');
    expect(latest.body.template.definition.steps[0].handler).toBe('y');
    const v1 = await api.call({ method: 'GET', url: '/v1/templates/t/one/1' });
    expect(v1.body.template.version).toBe('1');
    expect(v1.body.template.definition.steps[0].handler).toBe('x');
  });

  it('answers 404 not_found naming the template for a template or version that does not exist', async () => {
    api = await startApi(backend);
    await api.call(yaml(ONE_STEP_YAML));
    const cases = [
      ['/v1/templates/t/nope', { namespace: 't', name: 'nope' }],
      ['/v1/templates/t/one/9', { namespace: 't', name: 'one', version: '9' }],
      ['/v1/templates/zz/one', { namespace: 'zz', name: 'one' }],
    ] as const;
    for (const [url, template] of cases) {
      const { res, body } = await api.call({ method: 'GET', url });
      expect(res.statusCode, url).toBe(404);
      expect(body.error.code, url).toBe('not_found');
      expect(body.error.details, url).toEqual({ template });
    }
  });

  it('refuses unknown query parameters on the template list', async () => {
    api = await startApi(backend);
    const { res, body } = await api.call({ method: 'GET', url: '/v1/templates?colour=blue' });
    expect(res.statusCode).toBe(400);
    expect(body.error.code).toBe('invalid_request');
    expect(body.error.message).toContain('colour');
  });
});
