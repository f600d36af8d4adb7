import { randomBytes } from 'node:crypto';
import { uuidv7 } from '../domain/uuid7.js';
import { resolveConcurrencyKey, resolveRateLimitKey } from '../domain/concurrency.js';
import type { JsonObject, TaskStatus } from '../domain/types.js';
import { BatonError, type ErrorCode } from '../errors.js';
import { channelName, type Db, type Queryable } from '../store/db.js';
import type { TemplateRow } from '../store/rows.js';
import type { NewStep } from '../store/steps.js';
import { insertTaskGraphs, type LatestTemplateGuard } from '../store/task-graphs.js';
import { matchIdempotencyKeys, type IdempotentMatch, type NewTask } from '../store/tasks.js';
import { NO_OBSERVERS, type CommitObservers } from './observers.js';
import { inTaskStatement } from './task-unit.js';
import type { TemplateRegistry } from './template-registry.js';
import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { parseTraceparent } from '../domain/trace-context.js';
import { Attr, batonTracer, contextOf, isTracing, SpanNames, traceparentOf } from '../observability/tracing.js';

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
  /**
   * Library mode: what ties this task to its cause, e.g. the id of the request
   * being served, or `ctx.correlationId` in a handler that submits a follow-up
   * task (1 to 128 characters). Handlers see it as `ctx.correlationId`, and
   * the worker's log lines of every step carry it as `correlationId`. Over HTTP
   * it is the submission's `x-request-id` (BatonClient sends it as that header).
   * @default the task's own id
   */
  correlationId?: string;
  /** Set by the engine for a child workflow: the task and step that start it, and the child's depth. */
  parent?: { taskId: string; step: string; depth: number };
  /**
   * The caller's W3C trace context (`00-<trace id>-<span id>-<flags>`): over
   * HTTP, the submission's `traceparent` header. With tracing on it is the
   * parent of the `baton.submit` span (else the active OpenTelemetry context
   * is); with tracing off it is stored on the task as it is, so workers still
   * join the caller's trace. An invalid one is ignored.
   * @default the active context
   */
  traceparent?: string;
}

export interface SubmitResult {
  id: string;
  status: TaskStatus;
  /** false when an existing task was returned for the idempotency key. */
  created: boolean;
}

/** A submission's answer inside the engine: with the task's correlation id, for the API's log lines. */
export interface SubmittedTask extends SubmitResult {
  /** The correlation id of the task (of the existing task, when `created` is false). */
  correlationId: string;
}

/** Longest correlation id, as for request ids (src/api/request-id.ts). */
const MAX_CORRELATION_ID_LENGTH = 128;

export const MAX_BATCH = 10_000;

interface Prepared {
  index: number;
  request: TaskRequest;
  template: TemplateRow;
  task: NewTask;
  /** Each keyed step's concurrency key, resolved from the context. */
  keys: Map<string, string>;
}

/**
 * The concurrency keys and rate-limit keys of a template's steps for this context.
 * @throws BatonError `invalid_context` naming the step whose key cannot be resolved.
 */
function concurrencyKeys(template: TemplateRow, context: JsonObject): Map<string, string> {
  const keys = new Map<string, string>();
  for (const step of template.definition.steps) {
    const spec = step.concurrency ?? step.rate_limit;
    if (!spec) continue;
    try {
      keys.set(step.name, step.concurrency ? resolveConcurrencyKey(step.concurrency, context) : resolveRateLimitKey(step.rate_limit!, context));
    } catch (err) {
      const what = step.concurrency ? 'concurrency key' : 'rate limit key';
      throw new BatonError('invalid_context', `step "${step.name}"'s ${what} "${spec.key ?? ''}" cannot be resolved: ${(err as Error).message}`, {
        details: { step: step.name, key: spec.key ?? null },
      });
    }
  }
  return keys;
}

async function prepare(
  db: Queryable,
  templates: TemplateRegistry,
  requests: TaskRequest[],
  latest: Map<string, LatestTemplateGuard>,
  spanTraceparent: string | null,
): Promise<Prepared[]> {
  const lookups = new Map<string, Promise<TemplateRow>>();
  const prepared: Prepared[] = [];
  const problems: { index: number; code: ErrorCode; message: string; details?: unknown }[] = [];
  // The ids' random bits for the whole batch in one call (one call per task was a tenth of a bulk submit's client time).
  const random = randomBytes(10 * requests.length);
  for (const [index, request] of requests.entries()) {
    const key = `${request.namespace}/${request.name}@${request.version ?? ''}`;
    let lookup = lookups.get(key);
    if (!lookup) {
      lookup = templates.resolve(request.namespace, request.name, request.version, db).then(({ row, cachedLatest }) => {
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
      const keys = concurrencyKeys(template, context);
      const runAt = request.run_at === undefined ? null : new Date(request.run_at);
      // Years outside 1..9999 have no timestamptz (year 0) or no ISO form; either would fail in SQL.
      if (runAt && (Number.isNaN(runAt.getTime()) || runAt.getUTCFullYear() < 1 || runAt.getUTCFullYear() > 9999)) {
        throw new BatonError('invalid_request', `run_at "${String(request.run_at)}" is not a valid ISO date between years 0001 and 9999`);
      }
      const { correlationId } = request;
      if (correlationId !== undefined && (typeof correlationId !== 'string' || correlationId.length < 1 || correlationId.length > MAX_CORRELATION_ID_LENGTH)) {
        throw new BatonError('invalid_request', `correlationId must be a string of 1 to ${MAX_CORRELATION_ID_LENGTH} characters`);
      }
      prepared.push({
        index,
        request,
        template,
        keys,
        task: {
          id: uuidv7(Date.now(), random.subarray(10 * index, 10 * index + 10)),
          templateId: template.id,
          namespace: template.namespace,
          name: template.name,
          version: template.version,
          context,
          priority: request.priority ?? 0,
          tags: request.tags ?? [],
          idempotencyKey: request.idempotency_key ?? null,
          correlationId: request.correlationId ?? null,
          onFailure: template.definition.on_failure,
          stepCount: template.definition.steps.length,
          runAt,
          timeoutSeconds: template.definition.timeout_seconds,
          traceparent: spanTraceparent ?? (parseTraceparent(request.traceparent) ? request.traceparent! : null),
          ...(request.parent ? { parentTaskId: request.parent.taskId, parentStep: request.parent.step, depth: request.parent.depth } : {}),
        },
      });
    } catch (err) {
      if (!(err instanceof BatonError)) throw err;
      if (requests.length === 1) throw err;
      problems.push({ index, code: err.code, message: err.message, details: err.details });
    }
  }
  if (problems.length > 0) {
    // A batch is one transaction: one bad request refuses all of it, and says
    // which. Problems of one kind keep their code (unknown templates: 404
    // not_found, each naming its template); mixed ones are invalid_request.
    const first = problems[0];
    const code = problems.every((p) => p.code === first.code) ? first.code : 'invalid_request';
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
    // A sleep or wait step keeps its spec where a handler step keeps params: resolved the same way when it starts.
    params: (s.sleep ?? s.wait ?? s.workflow ?? s.params) as JsonObject,
    labels: s.labels,
    priority: p.task.priority,
    visibleAt: p.task.runAt,
    concurrencyKey: s.concurrency ? (p.keys.get(s.name) ?? null) : null,
    concurrencyLimit: s.concurrency?.limit ?? null,
    ...(s.rate_limit ? { rateLimit: { name: s.rate_limit.name, key: p.keys.get(s.name) ?? '', units: s.rate_limit.units } } : {}),
  }));
}

/** Why a request that carried an idempotency key got no task of its own and cannot have the stored one. */
interface KeyConflict {
  index: number;
  code: 'conflict';
  message: string;
  details: { idempotency_key: string; task?: { id: string; namespace: string; name: string; version: string }; mismatch?: 'template' | 'context' };
}

/**
 * An idempotency key belongs to one template (namespace and name) and one
 * context: the same key for both gets the stored task back, the same key with
 * another template or context is refused. The version does not count: a
 * retry that resolves "latest" after a new version was registered is the same
 * submission, and must not run the work twice.
 */
function keyConflict(p: Prepared, found: IdempotentMatch | null): KeyConflict | null {
  const key = p.task.idempotencyKey!;
  if (!found) {
    // Skipped by ON CONFLICT yet not found: the task holding it was deleted (retention) meanwhile.
    return { index: p.index, code: 'conflict', message: `idempotency key "${key}" was just in use by a task that no longer exists; try again`, details: { idempotency_key: key } };
  }
  const task = { id: found.id, namespace: found.namespace, name: found.name, version: found.version };
  const held = `idempotency key "${key}" belongs to task ${found.id} of template ${found.namespace}/${found.name}@${found.version}`;
  if (found.namespace !== p.task.namespace || found.name !== p.task.name) {
    return {
      index: p.index,
      code: 'conflict',
      message: `${held}, not to ${p.task.namespace}/${p.task.name}; use another key for this submission`,
      details: { idempotency_key: key, task, mismatch: 'template' },
    };
  }
  if (!found.sameContext) {
    return {
      index: p.index,
      code: 'conflict',
      message: `${held}, submitted with another context; use another key for another context`,
      details: { idempotency_key: key, task, mismatch: 'context' },
    };
  }
  return null;
}

/**
 * Compares the requests that got no task of their own with the tasks holding
 * their keys (on `q`: inside the submission's transaction for a batch), and
 * throws 409 `conflict` naming the holder for any that do not match.
 */
async function matchStoredKeys(q: Queryable, prepared: Prepared[], created: Set<string>): Promise<Map<Prepared, IdempotentMatch>> {
  const skipped = prepared.filter((p) => !created.has(p.task.id));
  const found = await matchIdempotencyKeys(
    q,
    skipped.map((p) => ({ key: p.task.idempotencyKey!, context: p.task.context })),
  );
  const conflicts = skipped.flatMap((p, i) => keyConflict(p, found[i]) ?? []);
  if (conflicts.length === 1 && prepared.length === 1) {
    throw new BatonError('conflict', conflicts[0].message, { details: conflicts[0].details });
  }
  if (conflicts.length > 0) {
    // A batch is one transaction: one conflicting request refuses all of it, and says which.
    const first = conflicts[0];
    throw new BatonError('conflict', `${conflicts.length} of ${prepared.length} task requests conflict; first, #${first.index}: ${first.message}`, {
      details: { errors: conflicts },
    });
  }
  return new Map(skipped.map((p, i) => [p, found[i]!]));
}

/**
 * Creates tasks with all their steps and edges in one statement. Requests
 * that share an idempotency key (with each other or with a stored task) all
 * get the one task, if they name its template and context; else the
 * submission is refused with 409 `conflict`. A batch that carries keys runs in
 * a transaction, so such a refusal leaves none of it written.
 */
export async function submitTasks(db: Db, templates: TemplateRegistry, requests: TaskRequest[], observers: CommitObservers = NO_OBSERVERS): Promise<SubmittedTask[]> {
  if (!isTracing()) return writeTasks(db, templates, requests, observers, null);
  // One span per call, a batch included: its context is stored on every task the call creates.
  const first = requests.at(0);
  const parent = first?.traceparent !== undefined && parseTraceparent(first.traceparent) ? contextOf(first.traceparent) : context.active();
  const span = batonTracer().startSpan(
    SpanNames.submit,
    {
      kind: SpanKind.INTERNAL,
      attributes: {
        [Attr.taskCount]: requests.length,
        ...(first && requests.every((r) => r.namespace === first.namespace && r.name === first.name) ? { [Attr.template]: `${first.namespace}/${first.name}` } : {}),
      },
    },
    parent,
  );
  try {
    const submitted = await context.with(trace.setSpan(parent, span), () => writeTasks(db, templates, requests, observers, traceparentOf(span)));
    if (submitted.length === 1) span.setAttribute(Attr.taskId, submitted[0].id);
    return submitted;
  } catch (err) {
    span.recordException(err as Error);
    span.setStatus({ code: SpanStatusCode.ERROR, message: (err as Error).message });
    throw err;
  } finally {
    span.end();
  }
}

async function writeTasks(db: Db, templates: TemplateRegistry, requests: TaskRequest[], observers: CommitObservers, spanTraceparent: string | null): Promise<SubmittedTask[]> {
  if (requests.length > MAX_BATCH) {
    throw new BatonError('invalid_request', `a batch holds at most ${MAX_BATCH} tasks, got ${requests.length}; split it`);
  }
  for (;;) {
    const latest = new Map<string, LatestTemplateGuard>();
    const prepared = await prepare(db, templates, requests, latest, spanTraceparent);
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
    // A lone request that conflicts wrote nothing; a batch may have written
    // the rest of itself by the time a conflict is seen, so it needs a
    // transaction to take that back. Batches without keys cannot conflict.
    const inTransaction = prepared.length > 1 && firstByKey.size > 0;
    const write = async (q: Queryable) => {
      const out = await insertTaskGraphs(q, {
        tasks: fresh.map((p) => p.task),
        steps: fresh.flatMap(stepsOf),
        edges: fresh.flatMap((p) => p.template.definition.steps.flatMap((s) => s.depends_on.map((dep) => ({ taskId: p.task.id, from: dep, to: s.name })))),
        latest: [...latest.values()],
        notify: [...(wake ? [channelName(db.schema, 'ready')] : []), channelName(db.schema, 'events')],
      });
      // ON CONFLICT waited for any concurrent holder of a key to commit, so this read sees it.
      const existing = out.fresh ? await matchStoredKeys(q, prepared, out.created) : new Map<Prepared, IdempotentMatch>();
      return { ...out, existing };
    };
    const { value: written } = await inTaskStatement(
      db,
      async (unit) => {
        const out = inTransaction ? await db.transaction(write) : await write(db);
        for (const p of fresh) {
          if (out.created.has(p.task.id)) {
            unit.log({ taskId: p.task.id, from: null, to: 'pending', reason: 'submitted', template: { namespace: p.task.namespace, name: p.task.name } });
          }
        }
        return out;
      },
      observers,
    );
    if (!written.fresh) {
      // Another process registered a newer version since it was cached: look again.
      for (const l of latest.values()) templates.forgetLatest(l.namespace, l.name);
      continue;
    }
    return prepared.map((p): SubmittedTask => {
      if (written.created.has(p.task.id)) return { id: p.task.id, status: 'pending', created: true, correlationId: p.task.correlationId ?? p.task.id };
      const found = written.existing.get(p)!;
      return { id: found.id, status: found.status, created: false, correlationId: found.correlationId };
    });
  }
}
