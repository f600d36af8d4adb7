import { afterEach, describe, expect, it } from 'vitest';
import { backends } from '../support/db.js';
import { ONE_STEP_YAML, ORDER_TEMPLATE, startApi, type ApiHarness } from './api-harness.js';

const submit = (payload: unknown) => ({ method: 'POST' as const, url: '/v1/tasks', payload: payload as object });
const order = (extra: object = {}) => ({ namespace: 'shop', name: 'order', context: { order_id: 'o-1', qty: 2 }, ...extra });

async function countTasks(api: ApiHarness): Promise<number> {
  return (await api.h.engine.listTasks({ limit: 500 })).tasks.length;
}

describe.each(backends)('tasks API on %s', (backend) => {
  let api: ApiHarness;
  afterEach(async () => api?.close());

  async function withOrderTemplate(config?: Parameters<typeof startApi>[1]) {
    api = await startApi(backend, config);
    const { res } = await api.call({ method: 'POST', url: '/v1/templates', payload: ORDER_TEMPLATE });
    expect(res.statusCode).toBe(201);
  }

  it('submits a task (202) and shows it with every step', async () => {
    await withOrderTemplate();
    const { res, body } = await api.call(submit(order({ priority: 5, tags: ['eu', 'vip'] })));
    expect(res.statusCode).toBe(202);
    expect(body).toEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), status: 'pending' });

    const shown = await api.call({ method: 'GET', url: `/v1/tasks/${body.id}` });
    expect(shown.res.statusCode).toBe(200);
    const task = shown.body.task;
    expect(task).toMatchObject({ id: body.id, namespace: 'shop', name: 'order', version: '1.0.0', status: 'pending', priority: 5, tags: ['eu', 'vip'] });
    expect(task.context).toEqual({ order_id: 'o-1', qty: 2 });
    expect(task.steps.map((s: any) => [s.name, s.state, s.depends_on])).toEqual([
      ['validate', 'ready', []],
      ['charge', 'pending', ['validate']],
    ]);
  });

  it('accepts version and run_at, and delays the task until run_at', async () => {
    await withOrderTemplate();
    const runAt = new Date(Date.now() + 3_600_000).toISOString();
    const { res, body } = await api.call(submit(order({ version: '1.0.0', run_at: runAt })));
    expect(res.statusCode).toBe(202);
    const task = (await api.call({ method: 'GET', url: `/v1/tasks/${body.id}` })).body.task;
    expect(task.run_at).toBe(runAt);
    expect(task.steps[0].visible_at).toBe(runAt);
  });

  it('returns the existing task (200) for a repeated idempotency key with the same template and context, and stores one row', async () => {
    await withOrderTemplate();
    const first = await api.call(submit(order({ idempotency_key: 'k-1' })));
    expect(first.res.statusCode).toBe(202);
    const second = await api.call(submit(order({ idempotency_key: 'k-1', context: { qty: 2, order_id: 'o-1' } })));
    expect(second.res.statusCode).toBe(200);
    expect(second.body).toEqual({ id: first.body.id, status: 'pending' });
    const batch = await api.call({ method: 'POST', url: '/v1/tasks/batch', payload: { tasks: [order({ idempotency_key: 'k-1' }), order()] } });
    expect(batch.res.statusCode).toBe(202);
    expect(batch.body.tasks[0].id).toBe(first.body.id);
    expect(await countTasks(api)).toBe(2);
    const { rows } = await api.h.engine.db.query<{ n: number }>("SELECT count(*)::int AS n FROM tasks WHERE idempotency_key = 'k-1'");
    expect(rows[0].n).toBe(1);
  });

  it('refuses a repeated idempotency key with another context or template (409 conflict naming the task); a batch as a whole, naming the request', async () => {
    await withOrderTemplate();
    await api.call({ method: 'POST', url: '/v1/templates', headers: { 'content-type': 'application/yaml' }, payload: ONE_STEP_YAML });
    const first = await api.call(submit(order({ idempotency_key: 'k-1' })));
    const held = { id: first.body.id, namespace: 'shop', name: 'order', version: '1.0.0' };

    const otherContext = await api.call(submit(order({ idempotency_key: 'k-1', context: { order_id: 'other', qty: 9 } })));
    expect(otherContext.res.statusCode).toBe(409);
    expect(otherContext.body.error).toMatchObject({ code: 'conflict', details: { idempotency_key: 'k-1', task: held, mismatch: 'context' } });
    expect(otherContext.body.error.message).toContain(first.body.id);

    const otherTemplate = await api.call(submit({ namespace: 't', name: 'one', idempotency_key: 'k-1' }));
    expect(otherTemplate.res.statusCode).toBe(409);
    expect(otherTemplate.body.error).toMatchObject({ code: 'conflict', details: { task: held, mismatch: 'template' } });
    expect(otherTemplate.body.error.message).toMatch(/belongs to task .* of template shop\/order/);

    const tasks = [order({ idempotency_key: 'k-new' }), { namespace: 't', name: 'one' }, { namespace: 't', name: 'one', idempotency_key: 'k-1' }];
    const batch = await api.call({ method: 'POST', url: '/v1/tasks/batch', payload: { tasks } });
    expect(batch.res.statusCode).toBe(409);
    expect(batch.body.error.code).toBe('conflict');
    expect(batch.body.error.message).toContain('#2');
    expect(batch.body.error.details.errors).toEqual([
      { index: 2, code: 'conflict', message: expect.stringContaining(first.body.id), details: { idempotency_key: 'k-1', task: held, mismatch: 'template' } },
    ]);
    // Nothing of the refused batch was kept.
    expect(await countTasks(api)).toBe(1);
  });

  it('answers 20 concurrent submissions of one key, single and batch, with one task', async () => {
    await withOrderTemplate();
    const keyed = order({ idempotency_key: 'k-race' });
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        i % 2 === 0
          ? api.call(submit(keyed)).then(({ res, body }) => ({ status: res.statusCode, id: body.id }))
          : api.call({ method: 'POST', url: '/v1/tasks/batch', payload: { tasks: [keyed] } }).then(({ res, body }) => ({ status: res.statusCode, id: body.tasks?.[0]?.id })),
      ),
    );
    const { rows } = await api.h.engine.db.query<{ id: string }>("SELECT id FROM tasks WHERE idempotency_key = 'k-race'");
    expect(rows).toHaveLength(1);
    expect(new Set(answers.map((a) => a.id))).toEqual(new Set([rows[0].id]));
    // Singles: one 202, the rest 200; batches answer 202 whether or not they created it.
    expect(answers.filter((a, i) => i % 2 === 0 && a.status === 202).length).toBeLessThanOrEqual(1);
    for (const a of answers) expect([200, 202]).toContain(a.status);
  });

  it("keeps the submission's x-request-id as the task's correlation_id, and a worker's claim answer carries it", async () => {
    api = await startApi(backend);
    await api.call({ method: 'POST', url: '/v1/templates', headers: { 'content-type': 'application/yaml' }, payload: ONE_STEP_YAML });
    const { body: created } = await api.call({ ...submit({ namespace: 't', name: 'one' }), headers: { 'x-request-id': 'req-corr-1' } });
    const { body: batch } = await api.call({
      method: 'POST',
      url: '/v1/tasks/batch',
      headers: { 'x-request-id': 'req-corr-2' },
      payload: { tasks: [{ namespace: 't', name: 'one' }] },
    });
    const { res, body: generated } = await api.call(submit({ namespace: 't', name: 'one' }));
    const shown = async (id: string) => (await api.call({ method: 'GET', url: `/v1/tasks/${id}` })).body.task.correlation_id;
    expect(await shown(created.id)).toBe('req-corr-1');
    expect(await shown(batch.tasks[0].id)).toBe('req-corr-2');
    // Without the header the server's generated request id (sent back in x-request-id) is the one.
    expect(await shown(generated.id)).toBe(res.headers['x-request-id']);

    const worker = await api.call({ method: 'POST', url: '/v1/workers', payload: { name: 'w', handlers: ['x'], labels: {}, capacity: 4 } });
    const claimed = await api.call({ method: 'POST', url: `/v1/workers/${worker.body.id}/claim`, payload: { max: 10, wait_ms: 0 } });
    const byTask = Object.fromEntries(claimed.body.executions.map((e: { task: { id: string }; correlation_id: string }) => [e.task.id, e.correlation_id]));
    expect(byTask).toEqual({ [created.id]: 'req-corr-1', [batch.tasks[0].id]: 'req-corr-2', [generated.id]: res.headers['x-request-id'] });
  });

  it('refuses a context that fails the input_schema with 400 invalid_context listing every error', async () => {
    await withOrderTemplate();
    const { res, body } = await api.call(submit({ namespace: 'shop', name: 'order', context: { order_id: 7, qty: 0 } }));
    expect(res.statusCode).toBe(400);
    expect(body.error.code).toBe('invalid_context');
    const paths = body.error.details.errors.map((e: { path: string }) => e.path).sort();
    expect(paths).toEqual(['/order_id', '/qty']);
    const missing = await api.call(submit({ namespace: 'shop', name: 'order', context: {} }));
    expect(missing.body.error.code).toBe('invalid_context');
    expect(missing.body.error.details.errors).toHaveLength(2);
    const notObject = await api.call(submit({ namespace: 'shop', name: 'order', context: [1, 2] }));
    expect(notObject.res.statusCode).toBe(400);
    expect(notObject.body.error.code).toBe('invalid_context');
    expect(await countTasks(api)).toBe(0);
  });

  it('answers 404 not_found naming the template (and the version, when given) for a template that is not registered', async () => {
    await withOrderTemplate();
    const cases = [
      [
        { namespace: 'shop', name: 'nope' },
        { namespace: 'shop', name: 'nope' },
      ],
      [order({ version: '9.9.9' }), { namespace: 'shop', name: 'order', version: '9.9.9' }],
    ] as const;
    for (const [payload, template] of cases) {
      const { res, body } = await api.call(submit(payload));
      expect(res.statusCode).toBe(404);
      expect(body.error.code).toBe('not_found');
      expect(body.error.details).toEqual({ template });
      expect(body.error.message).toMatch(/is not registered; register it with POST \/v1\/templates/);
    }
    expect(await countTasks(api)).toBe(0);
  });

  it('refuses a batch naming unknown templates with 404 not_found, each request naming its template, creating nothing', async () => {
    await withOrderTemplate();
    const tasks = [order(), { namespace: 'shop', name: 'nope' }, order({ version: '9.9.9' })];
    const { res, body } = await api.call({ method: 'POST', url: '/v1/tasks/batch', payload: { tasks } });
    expect(res.statusCode).toBe(404);
    expect(body.error.code).toBe('not_found');
    expect(body.error.details.errors).toEqual([
      expect.objectContaining({ index: 1, code: 'not_found', details: { template: { namespace: 'shop', name: 'nope' } } }),
      expect.objectContaining({ index: 2, code: 'not_found', details: { template: { namespace: 'shop', name: 'order', version: '9.9.9' } } }),
    ]);
    // Mixed problems (an unknown template and a bad context) are one 400 listing both.
    const mixed = await api.call({ method: 'POST', url: '/v1/tasks/batch', payload: { tasks: [{ namespace: 'shop', name: 'nope' }, order({ context: { order_id: 'x' } })] } });
    expect(mixed.res.statusCode).toBe(400);
    expect(mixed.body.error.code).toBe('invalid_request');
    expect(mixed.body.error.details.errors.map((e: { code: string }) => e.code)).toEqual(['not_found', 'invalid_context']);
    expect(await countTasks(api)).toBe(0);
  });

  it('refuses unknown and out-of-range fields with 400 invalid_request naming them', async () => {
    await withOrderTemplate();
    const unknown = await api.call(submit(order({ colour: 'blue' })));
    expect(unknown.res.statusCode).toBe(400);
    expect(unknown.body.error.code).toBe('invalid_request');
    expect(unknown.body.error.message).toContain('colour');
    expect(unknown.body.error.details.errors).toEqual([{ path: 'colour', message: expect.any(String) }]);

    const cases: [object, string][] = [
      [{ priority: 1001 }, 'priority'],
      [{ priority: 1.5 }, 'priority'],
      [{ tags: Array.from({ length: 21 }, (_, i) => `t${i}`) }, 'tags'],
      [{ tags: ['x'.repeat(65)] }, 'tags[0]'],
      [{ idempotency_key: 'k'.repeat(201) }, 'idempotency_key'],
      [{ run_at: 'tomorrow' }, 'run_at'],
      [{ namespace: 5 }, 'namespace'],
    ];
    for (const [extra, path] of cases) {
      const { res, body } = await api.call(submit(order(extra)));
      expect(res.statusCode, path).toBe(400);
      expect(body.error.code, path).toBe('invalid_request');
      expect(
        body.error.details.errors.map((e: { path: string }) => e.path),
        path,
      ).toContain(path);
      expect(body.error.message, path).toContain(path);
    }
    const noName = await api.call(submit({ namespace: 'shop' }));
    expect(noName.body.error.details.errors.map((e: { path: string }) => e.path)).toEqual(['name']);
    expect(await countTasks(api)).toBe(0);
  });

  it('submits a batch (202 with every id) in one transaction', async () => {
    await withOrderTemplate();
    const tasks = Array.from({ length: 5 }, (_, i) => order({ context: { order_id: `o-${i}`, qty: 1 } }));
    const { res, body } = await api.call({ method: 'POST', url: '/v1/tasks/batch', payload: { tasks } });
    expect(res.statusCode).toBe(202);
    expect(body.tasks).toHaveLength(5);
    expect(new Set(body.tasks.map((t: { id: string }) => t.id)).size).toBe(5);
    for (const t of body.tasks) expect(t.status).toBe('pending');
    expect(await countTasks(api)).toBe(5);
    for (const t of body.tasks) expect((await api.call({ method: 'GET', url: `/v1/tasks/${t.id}` })).res.statusCode).toBe(200);
  });

  it('refuses a whole batch when one context is bad, creating nothing', async () => {
    await withOrderTemplate();
    const tasks = [order(), order({ context: { order_id: 'x' } }), order()];
    const { res, body } = await api.call({ method: 'POST', url: '/v1/tasks/batch', payload: { tasks } });
    expect(res.statusCode).toBe(400);
    expect(body.error.code).toBe('invalid_context');
    expect(body.error.details.errors).toEqual([expect.objectContaining({ index: 1, code: 'invalid_context' })]);
    expect(await countTasks(api)).toBe(0);
  });

  it('refuses an empty batch, an unknown field inside a batch item, and a batch body that is not {tasks}', async () => {
    await withOrderTemplate();
    const empty = await api.call({ method: 'POST', url: '/v1/tasks/batch', payload: { tasks: [] } });
    expect(empty.res.statusCode).toBe(400);
    expect(empty.body.error.code).toBe('invalid_request');
    const unknown = await api.call({ method: 'POST', url: '/v1/tasks/batch', payload: { tasks: [order(), order({ extra: 1 })] } });
    expect(unknown.body.error.code).toBe('invalid_request');
    expect(unknown.body.error.details.errors.map((e: { path: string }) => e.path)).toEqual(['tasks[1].extra']);
    const bare = await api.call({ method: 'POST', url: '/v1/tasks/batch', payload: [order()] });
    expect(bare.res.statusCode).toBe(400);
    expect(await countTasks(api)).toBe(0);
  });

  async function walkPages(limit: number): Promise<{ seen: string[]; pages: number }> {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const url: string = `/v1/tasks?limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const { res, body } = await api.call({ method: 'GET', url });
      expect(res.statusCode).toBe(200);
      expect(body.tasks.length).toBeLessThanOrEqual(limit);
      for (const t of body.tasks) expect(t.steps).toBeUndefined();
      seen.push(...body.tasks.map((t: { id: string }) => t.id));
      cursor = body.next_cursor;
      pages++;
    } while (cursor && pages < 20);
    return { seen, pages };
  }

  it('lists tasks with filters, and walks every page of a cursor without gaps or repeats', async () => {
    await withOrderTemplate();
    await api.call({ method: 'POST', url: '/v1/templates', headers: { 'content-type': 'application/yaml' }, payload: ONE_STEP_YAML });
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await api.call(submit(order({ tags: i === 0 ? ['first'] : [] })))).body.id);
    for (let i = 0; i < 2; i++) ids.push((await api.call(submit({ namespace: 't', name: 'one' }))).body.id);
    await api.call({ method: 'POST', url: `/v1/tasks/${ids[1]}/cancel` });

    const { seen, pages } = await walkPages(2);
    expect(pages).toBe(3);
    expect(seen).toHaveLength(5);
    expect(seen.slice().sort()).toEqual(ids.slice().sort());
    // Newest first.
    expect(seen).toEqual(ids.slice().reverse());

    const byName = await api.call({ method: 'GET', url: '/v1/tasks?namespace=t&name=one' });
    expect(byName.body.tasks.map((t: { id: string }) => t.id).sort()).toEqual(ids.slice(3).sort());
    const byStatus = await api.call({ method: 'GET', url: '/v1/tasks?status=cancelled' });
    expect(byStatus.body.tasks.map((t: { id: string }) => t.id)).toEqual([ids[1]]);
    const byTag = await api.call({ method: 'GET', url: '/v1/tasks?tag=first' });
    expect(byTag.body.tasks.map((t: { id: string }) => t.id)).toEqual([ids[0]]);
    const all = await api.call({ method: 'GET', url: '/v1/tasks' });
    expect(all.body.tasks).toHaveLength(5);
    expect(all.body.next_cursor).toBeNull();
  });

  it('pages through tasks created in one transaction (one created_at) without gaps or repeats', async () => {
    api = await startApi(backend);
    await api.call({ method: 'POST', url: '/v1/templates', headers: { 'content-type': 'application/yaml' }, payload: ONE_STEP_YAML });
    const one = { namespace: 't', name: 'one' };
    const batch = await api.call({ method: 'POST', url: '/v1/tasks/batch', payload: { tasks: [one, one, one, one, one] } });
    const ids: string[] = batch.body.tasks.map((t: { id: string }) => t.id);
    // Pages end inside the group of equal creation times, so the cursor must order them exactly.
    const { seen, pages } = await walkPages(2);
    expect(pages).toBe(3);
    expect(seen.slice().sort()).toEqual(ids.slice().sort());
  });

  it('refuses a bad cursor, status, limit or unknown filter with 400', async () => {
    await withOrderTemplate();
    const cases: [string, string][] = [
      ['cursor=not-a-cursor', 'cursor'],
      ['status=finished', 'status'],
      ['limit=0', 'limit'],
      ['limit=501', 'limit'],
      ['limit=ten', 'limit'],
      ['colour=blue', 'colour'],
    ];
    for (const [query, field] of cases) {
      const { res, body } = await api.call({ method: 'GET', url: `/v1/tasks?${query}` });
      expect(res.statusCode, query).toBe(400);
      expect(body.error.code, query).toBe('invalid_request');
      expect(body.error.message, query).toContain(field);
    }
  });

  it('answers 404 for an unknown task id and for one that is not a uuid', async () => {
    await withOrderTemplate();
    for (const id of ['6a1e3b0e-1111-4222-8333-944445555666', 'nope', '1']) {
      for (const req of [
        { method: 'GET' as const, url: `/v1/tasks/${id}` },
        { method: 'POST' as const, url: `/v1/tasks/${id}/cancel` },
      ]) {
        const { res, body } = await api.call(req);
        expect(res.statusCode, req.url).toBe(404);
        expect(body.error.code).toBe('not_found');
      }
    }
  });

  it('cancels a task; cancelling again changes nothing', async () => {
    await withOrderTemplate();
    const { body: created } = await api.call(submit(order()));
    const first = await api.call({ method: 'POST', url: `/v1/tasks/${created.id}/cancel`, headers: { 'content-type': 'application/json' }, payload: '' });
    expect(first.res.statusCode).toBe(200);
    expect(first.body).toEqual({ id: created.id, status: 'cancelled', changed: true });
    const task = (await api.call({ method: 'GET', url: `/v1/tasks/${created.id}` })).body.task;
    expect(task.status).toBe('cancelled');
    expect(task.steps.map((s: { state: string }) => s.state)).toEqual(['cancelled', 'cancelled']);

    const second = await api.call({ method: 'POST', url: `/v1/tasks/${created.id}/cancel`, payload: {} });
    expect(second.res.statusCode).toBe(200);
    expect(second.body).toEqual({ id: created.id, status: 'cancelled', changed: false });
  });

  it('refuses to cancel a task that already completed (409 conflict)', async () => {
    api = await startApi(backend);
    await api.call({ method: 'POST', url: '/v1/templates', headers: { 'content-type': 'application/yaml' }, payload: ONE_STEP_YAML });
    const { body: created } = await api.call(submit({ namespace: 't', name: 'one' }));
    const [execution] = await api.h.engine.claim({ workerId: 'w', handlers: ['x'], labels: {}, limit: 1, leaseMs: 10_000 });
    const done = await api.call({ method: 'POST', url: `/v1/executions/${execution.execution_id}/complete`, payload: { lease_id: execution.lease_id, output: { ok: true } } });
    expect(done.body).toEqual({ status: 'ok' });

    const { res, body } = await api.call({ method: 'POST', url: `/v1/tasks/${created.id}/cancel` });
    expect(res.statusCode).toBe(409);
    expect(body.error.code).toBe('conflict');
    expect(body.error.message).toMatch(/already finished/);
    expect((await api.h.engine.getTask(created.id)).status).toBe('complete');
  });
});
