/** Helpers for the worker protocol tests: calls by name, and rows to assert on. */
import type { ApiHarness } from './api-harness.js';

export const GPU_YAML = `
namespace: t
name: gpu
version: "1"
steps:
  - { name: train, handler: ml.train, labels: { gpu: "true" } }
`;

export const DIAMOND_YAML = `
namespace: t
name: diamond
version: "1"
steps:
  - { name: a, handler: t.step }
  - { name: b, handler: t.step, depends_on: [a] }
  - { name: c, handler: t.step, depends_on: [a] }
  - { name: d, handler: t.step, depends_on: [b, c] }
`;

export async function applyTemplate(api: ApiHarness, yaml: string): Promise<void> {
  const { res } = await api.call({ method: 'POST', url: '/v1/templates', headers: { 'content-type': 'application/yaml' }, payload: yaml });
  if (res.statusCode >= 300) throw new Error(`template refused: ${res.body}`);
}

export async function submit(api: ApiHarness, namespace: string, name: string, context: object = {}): Promise<string> {
  const { res, body } = await api.call({ method: 'POST', url: '/v1/tasks', payload: { namespace, name, context } });
  if (res.statusCode !== 202) throw new Error(`submit refused: ${res.body}`);
  return body.id;
}

export async function register(
  api: ApiHarness,
  reg: { name?: string; handlers?: string[]; labels?: Record<string, string>; capacity?: number } = {},
): Promise<{ id: string; lease_ms: number }> {
  const { res, body } = await api.call({
    method: 'POST',
    url: '/v1/workers',
    payload: { name: reg.name ?? 'w', handlers: reg.handlers ?? ['x'], labels: reg.labels ?? {}, capacity: reg.capacity ?? 4 },
  });
  if (res.statusCode !== 201) throw new Error(`register refused: ${res.body}`);
  return body;
}

export async function claim(api: ApiHarness, workerId: string, max = 10, waitMs = 0): Promise<any[]> {
  const { res, body } = await api.call({ method: 'POST', url: `/v1/workers/${workerId}/claim`, payload: { max, wait_ms: waitMs } });
  if (res.statusCode !== 200) throw new Error(`claim refused: ${res.statusCode} ${res.body}`);
  return body.executions;
}

export async function heartbeat(api: ApiHarness, workerId: string, payload: object = {}) {
  return api.call({ method: 'POST', url: `/v1/workers/${workerId}/heartbeat`, payload });
}

export interface StepRowView {
  id: number;
  state: string;
  attempts: number;
  lease_id: string | null;
  worker_id: string | null;
  output: unknown;
  lease_expires_at: Date | null;
}

export async function stepRow(api: ApiHarness, taskId: string, name: string): Promise<StepRowView> {
  const { rows } = await api.h.engine.db.query<StepRowView>(
    'SELECT id, state, attempts, lease_id, worker_id, output, lease_expires_at FROM steps WHERE task_id = $1 AND name = $2',
    [taskId, name],
  );
  return rows[0];
}

export async function count(api: ApiHarness, sql: string, params: unknown[] = []): Promise<number> {
  const { rows } = await api.h.engine.db.query<{ n: number }>(sql, params);
  return rows[0].n;
}

/** Everything the protocol may change, to assert that a refused call changed nothing. */
export async function snapshot(api: ApiHarness): Promise<string> {
  const db = api.h.engine.db;
  const [steps, tasks, transitions, workers] = await Promise.all([
    db.query('SELECT id, state, attempts, lease_id, lease_expires_at, worker_id, output, error FROM steps ORDER BY id'),
    db.query('SELECT id, status FROM tasks ORDER BY id'),
    db.query('SELECT count(*)::int AS n FROM transitions'),
    db.query('SELECT id, state, handlers, labels, capacity, last_error FROM workers ORDER BY id'),
  ]);
  return JSON.stringify({ steps: steps.rows, tasks: tasks.rows, transitions: transitions.rows, workers: workers.rows });
}

export async function until(cond: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
