import { randomBytes } from 'node:crypto';
import { uuidv7 } from '../domain/uuid7.js';
import { resolveConcurrencyKey, resolveRateLimitKey } from '../domain/concurrency.js';
import { BatonError } from '../errors.js';
import { channelName } from '../store/db.js';
import { insertTaskGraphs } from '../store/task-graphs.js';
import { matchIdempotencyKeys } from '../store/tasks.js';
import { NO_OBSERVERS } from './observers.js';
import { inTaskStatement } from './task-unit.js';
/** Longest correlation id, as for request ids (src/api/request-id.ts). */
const MAX_CORRELATION_ID_LENGTH = 128;
export const MAX_BATCH = 10_000;
/**
 * The concurrency keys and rate-limit keys of a template's steps for this context.
 * @throws BatonError `invalid_context` naming the step whose key cannot be resolved.
 */
function concurrencyKeys(template, context) {
    const keys = new Map();
    for (const step of template.definition.steps) {
        const spec = step.concurrency ?? step.rate_limit;
        if (!spec)
            continue;
        try {
            keys.set(step.name, step.concurrency ? resolveConcurrencyKey(step.concurrency, context) : resolveRateLimitKey(step.rate_limit, context));
        }
        catch (err) {
            const what = step.concurrency ? 'concurrency key' : 'rate limit key';
            throw new BatonError('invalid_context', `step "${step.name}"'s ${what} "${spec.key ?? ''}" cannot be resolved: ${err.message}`, {
                details: { step: step.name, key: spec.key ?? null },
            });
        }
    }
    return keys;
}
async function prepare(db, templates, requests, latest) {
    const lookups = new Map();
    const prepared = [];
    const problems = [];
    for (const [index, request] of requests.entries()) {
        const key = `${request.namespace}/${request.name}@${request.version ?? ''}`;
        let lookup = lookups.get(key);
        if (!lookup) {
            lookup = templates.resolve(request.namespace, request.name, request.version, db).then(({ row, cachedLatest }) => {
                if (cachedLatest)
                    latest.set(key, { templateId: row.id, namespace: row.namespace, name: row.name });
                return row;
            });
            lookup.catch(() => { });
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
                    id: uuidv7(Date.now(), randomBytes(10)),
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
                    ...(request.parent ? { parentTaskId: request.parent.taskId, parentStep: request.parent.step, depth: request.parent.depth } : {}),
                },
            });
        }
        catch (err) {
            if (!(err instanceof BatonError))
                throw err;
            if (requests.length === 1)
                throw err;
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
function stepsOf(p) {
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
        retry: s.retry,
        timeoutMs: s.timeout_seconds === null ? null : Math.round(s.timeout_seconds * 1000),
        // A sleep or wait step keeps its spec where a handler step keeps params: resolved the same way when it starts.
        params: (s.sleep ?? s.wait ?? s.workflow ?? s.params),
        labels: s.labels,
        priority: p.task.priority,
        visibleAt: p.task.runAt,
        concurrencyKey: s.concurrency ? (p.keys.get(s.name) ?? null) : null,
        concurrencyLimit: s.concurrency?.limit ?? null,
        ...(s.rate_limit ? { rateLimit: { name: s.rate_limit.name, key: p.keys.get(s.name) ?? '', units: s.rate_limit.units } } : {}),
    }));
}
/**
 * An idempotency key belongs to one template (namespace and name) and one
 * context: the same key for both gets the stored task back, the same key with
 * another template or context is refused. The version does not count: a
 * retry that resolves "latest" after a new version was registered is the same
 * submission, and must not run the work twice.
 */
function keyConflict(p, found) {
    const key = p.task.idempotencyKey;
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
async function matchStoredKeys(q, prepared, created) {
    const skipped = prepared.filter((p) => !created.has(p.task.id));
    const found = await matchIdempotencyKeys(q, skipped.map((p) => ({ key: p.task.idempotencyKey, context: p.task.context })));
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
    return new Map(skipped.map((p, i) => [p, found[i]]));
}
/**
 * Creates tasks with all their steps and edges in one statement. Requests
 * that share an idempotency key (with each other or with a stored task) all
 * get the one task, if they name its template and context; else the
 * submission is refused with 409 `conflict`. A batch that carries keys runs in
 * a transaction, so such a refusal leaves none of it written.
 */
export async function submitTasks(db, templates, requests, observers = NO_OBSERVERS) {
    if (requests.length > MAX_BATCH) {
        throw new BatonError('invalid_request', `a batch holds at most ${MAX_BATCH} tasks, got ${requests.length}; split it`);
    }
    for (;;) {
        const latest = new Map();
        const prepared = await prepare(db, templates, requests, latest);
        const firstByKey = new Map();
        const fresh = prepared.filter((p) => {
            const key = p.task.idempotencyKey;
            if (key === null)
                return true;
            if (firstByKey.has(key))
                return false;
            firstByKey.set(key, p);
            return true;
        });
        const now = Date.now();
        const wake = fresh.some((p) => !p.task.runAt || p.task.runAt.getTime() <= now);
        // A lone request that conflicts wrote nothing; a batch may have written
        // the rest of itself by the time a conflict is seen, so it needs a
        // transaction to take that back. Batches without keys cannot conflict.
        const inTransaction = prepared.length > 1 && firstByKey.size > 0;
        const write = async (q) => {
            const out = await insertTaskGraphs(q, {
                tasks: fresh.map((p) => p.task),
                steps: fresh.flatMap(stepsOf),
                edges: fresh.flatMap((p) => p.template.definition.steps.flatMap((s) => s.depends_on.map((dep) => ({ taskId: p.task.id, from: dep, to: s.name })))),
                latest: [...latest.values()],
                notify: [...(wake ? [channelName(db.schema, 'ready')] : []), channelName(db.schema, 'events')],
            });
            // ON CONFLICT waited for any concurrent holder of a key to commit, so this read sees it.
            const existing = out.fresh ? await matchStoredKeys(q, prepared, out.created) : new Map();
            return { ...out, existing };
        };
        const { value: written } = await inTaskStatement(db, async (unit) => {
            const out = inTransaction ? await db.transaction(write) : await write(db);
            for (const p of fresh) {
                if (out.created.has(p.task.id)) {
                    unit.log({ taskId: p.task.id, from: null, to: 'pending', reason: 'submitted', template: { namespace: p.task.namespace, name: p.task.name } });
                }
            }
            return out;
        }, observers);
        if (!written.fresh) {
            // Another process registered a newer version since it was cached: look again.
            for (const l of latest.values())
                templates.forgetLatest(l.namespace, l.name);
            continue;
        }
        return prepared.map((p) => {
            if (written.created.has(p.task.id))
                return { id: p.task.id, status: 'pending', created: true, correlationId: p.task.correlationId ?? p.task.id };
            const found = written.existing.get(p);
            return { id: found.id, status: found.status, created: false, correlationId: found.correlationId };
        });
    }
}
//# sourceMappingURL=submit.js.map