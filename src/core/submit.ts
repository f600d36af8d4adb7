import { randomBytes } from 'node:crypto';
import { uuidv7 } from '../domain/uuid7.js';
import type { JsonObject, TaskStatus } from '../domain/types.js';
import { BatonError } from '../errors.js';
import { channelName, type Db } from '../store/db.js';
import type { TemplateRow } from '../store/rows.js';
import type { NewStep } from '../store/steps.js';
import { insertTaskGraphs, type LatestTemplateGuard } from '../store/task-graphs.js';
import { findTasksByIdempotencyKeys, type NewTask } from '../store/tasks.js';
import { inTaskStatement } from './task-unit.js';
import type { TemplateRegistry } from './template-registry.js';

export interface TaskRequest {
  namespace: string;
  name: string;
  version?: string;
  context?: JsonObject;
  idempotency_key?: string;
  priority?: number;
  tags?: string[];
  /** ISO time before which nothing of the task runs. */
  run_at?: string | Date;
}

export interface SubmitResult {
  id: string;
  status: TaskStatus;
  /** false when an existing task was returned for the idempotency key. */
  created: boolean;
}

export const MAX_BATCH = 10_000;

interface Prepared {
  index: number;
  request: TaskRequest;
  template: TemplateRow;
  task: NewTask;
}

async function prepare(templates: TemplateRegistry, requests: TaskRequest[], latest: Map<string, LatestTemplateGuard>): Promise<Prepared[]> {
  const lookups = new Map<string, Promise<TemplateRow>>();
  const prepared: Prepared[] = [];
  const problems: { index: number; code: string; message: string; details?: unknown }[] = [];
  for (const [index, request] of requests.entries()) {
    const key = `${request.namespace}/${request.name}@${request.version ?? ''}`;
    let lookup = lookups.get(key);
    if (!lookup) {
      lookup = templates.resolve(request.namespace, request.name, request.version).then(({ row, cachedLatest }) => {
        if (cachedLatest) latest.set(key, { templateId: row.id, namespace: row.namespace, name: row.name });
        return row;
      });
      lookup.catch(() => {});
      lookups.set(key, lookup);
    }
    try {
      const template = await lookup;
      const context = request.context ?? {};
      templates.validateContext(template, context);
      const runAt = request.run_at === undefined ? null : new Date(request.run_at);
      // Years outside 1..9999 have no timestamptz (year 0) or no ISO form; either would fail in SQL.
      if (runAt && (Number.isNaN(runAt.getTime()) || runAt.getUTCFullYear() < 1 || runAt.getUTCFullYear() > 9999)) {
        throw new BatonError('invalid_request', `run_at "${String(request.run_at)}" is not a valid ISO date between years 0001 and 9999`);
      }
      prepared.push({
        index,
        request,
        template,
        task: {
          id: uuidv7(Date.now(), randomBytes(10)),
          templateId: template.id,
          namespace: template.namespace,
          name: template.name,
          version: template.version,
          context,
          priority: request.priority ?? 0,
          tags: request.tags ?? [],
          idempotencyKey: request.idempotency_key ?? null,
          onFailure: template.definition.on_failure,
          stepCount: template.definition.steps.length,
          runAt,
          timeoutSeconds: template.definition.timeout_seconds,
        },
      });
    } catch (err) {
      if (!(err instanceof BatonError)) throw err;
      if (requests.length === 1) throw err;
      problems.push({ index, code: err.code, message: err.message, details: err.details });
    }
  }
  if (problems.length > 0) {
    // A batch is one transaction: one bad request refuses all of it, and says which.
    const first = problems[0];
    const code = problems.every((p) => p.code === first.code) && first.code !== 'unknown_template' ? (first.code as 'invalid_context') : 'invalid_request';
    throw new BatonError(code, `${problems.length} of ${requests.length} task requests are invalid; first, #${first.index}: ${first.message}`, {
      details: { errors: problems },
    });
  }
  return prepared;
}

function stepsOf(p: Prepared): NewStep[] {
  // A fan-out's `each` step is stored as its fan-in: it never runs itself, it
  // completes with the outputs of the instances made from it.
  const fanIns = new Set(p.template.definition.steps.flatMap((s) => (s.fan_out ? [s.fan_out.each] : [])));
  return p.template.definition.steps.map((s) => ({
    taskId: p.task.id,
    name: s.name,
    handler: s.handler,
    kind: fanIns.has(s.name) ? 'fan_in' : s.kind,
    pendingDeps: s.depends_on.length,
    maxAttempts: s.retry.max_attempts,
    retry: s.retry as unknown as JsonObject,
    timeoutMs: s.timeout_seconds === null ? null : Math.round(s.timeout_seconds * 1000),
    params: s.params,
    labels: s.labels,
    priority: p.task.priority,
    visibleAt: p.task.runAt,
  }));
}

/**
 * Creates tasks with all their steps and edges in one statement. Requests
 * that share an idempotency key (with each other or with a stored task) all
 * get the one task.
 */
export async function submitTasks(db: Db, templates: TemplateRegistry, requests: TaskRequest[]): Promise<SubmitResult[]> {
  if (requests.length > MAX_BATCH) {
    throw new BatonError('invalid_request', `a batch holds at most ${MAX_BATCH} tasks, got ${requests.length}; split it`);
  }
  for (;;) {
    const latest = new Map<string, LatestTemplateGuard>();
    const prepared = await prepare(templates, requests, latest);
    const firstByKey = new Map<string, Prepared>();
    const fresh = prepared.filter((p) => {
      const key = p.task.idempotencyKey;
      if (key === null) return true;
      if (firstByKey.has(key)) return false;
      firstByKey.set(key, p);
      return true;
    });
    const now = Date.now();
    const wake = fresh.some((p) => !p.task.runAt || p.task.runAt.getTime() <= now);
    const { value: written } = await inTaskStatement(db, async (unit) => {
      const out = await insertTaskGraphs(db, {
        tasks: fresh.map((p) => p.task),
        steps: fresh.flatMap(stepsOf),
        edges: fresh.flatMap((p) => p.template.definition.steps.flatMap((s) => s.depends_on.map((dep) => ({ taskId: p.task.id, from: dep, to: s.name })))),
        latest: [...latest.values()],
        notify: [...(wake ? [channelName(db.schema, 'ready')] : []), channelName(db.schema, 'events')],
      });
      for (const p of fresh) {
        if (out.created.has(p.task.id)) {
          unit.log({ taskId: p.task.id, from: null, to: 'pending', reason: 'submitted', template: { namespace: p.task.namespace, name: p.task.name } });
        }
      }
      return out;
    });
    if (!written.fresh) {
      // Another process registered a newer version since it was cached: look again.
      for (const l of latest.values()) templates.forgetLatest(l.namespace, l.name);
      continue;
    }
    const missing = prepared.filter((p) => !written.created.has(p.task.id)).map((p) => p.task.idempotencyKey!);
    const existing = await findTasksByIdempotencyKeys(db, [...new Set(missing)]);
    return prepared.map((p): SubmitResult => {
      if (written.created.has(p.task.id)) return { id: p.task.id, status: 'pending', created: true };
      const found = existing.get(p.task.idempotencyKey!);
      if (!found) throw new BatonError('conflict', `idempotency key "${p.task.idempotencyKey}" is being used concurrently; try again`);
      return { id: found.id, status: found.status, created: false };
    });
  }
}
