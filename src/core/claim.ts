import { resolveParams } from '../domain/references.js';
import { stepError } from '../domain/step-errors.js';
import type { JsonObject, JsonValue } from '../domain/types.js';
import type { Db, Queryable } from '../store/db.js';
import { claimSteps, replayClaim, type ClaimedStep, type ClaimRequest } from '../store/leases.js';
import type { FlowClaimer } from './flow-claims.js';
import { findOutputs } from '../store/steps.js';
import { failStep } from './outcomes.js';
import { NO_OBSERVERS, tellClaims, type CommitObservers } from './observers.js';
import { inTaskTransaction, type TaskUnit } from './task-unit.js';
import type { TemplateRegistry } from './template-registry.js';
import { SpanKind } from '@opentelemetry/api';
import { Attr, batonTracer, isTracing, linksTo, SpanNames } from '../observability/tracing.js';

/** What a worker receives for one attempt (DESIGN §4 claim answer). */
export interface Execution {
  execution_id: string;
  lease_id: string;
  handler: string;
  params: JsonObject;
  results: Record<string, JsonValue>;
  context: JsonObject;
  attempt: number;
  max_attempts: number;
  /** Per-attempt deadline (ISO), or null when the step has no timeout. */
  deadline: string | null;
  lease_expires_at: string;
  checkpoint: JsonValue | null;
  /** For a fan-out instance: its index, the number of instances, and its slice of the items. */
  fan_out: { index: number; count: number; items: JsonValue[] } | null;
  task: { id: string; namespace: string; name: string; version: string };
  step: string;
  /** The task's correlation id: its submission's x-request-id (or a library caller's), else the task id. */
  correlation_id: string;
  /**
   * The task's W3C trace context (`00-<trace id>-<span id>-<flags>`): the
   * submission's span, or the `traceparent` it received. A worker makes its
   * step span a child of it. null when the task has none.
   */
  traceparent: string | null;
}

/** One claimed attempt, as claim observers see it. */
export interface ClaimObservation {
  taskId: string;
  step: string;
  handler: string;
  workerId: string;
  /** Time the step waited visible in `ready` (database clock). */
  queueWaitMs: number;
}

/** Tells the observers of a committed claim: its steps, as claim observations. */
function tellClaimed(observers: CommitObservers, req: ClaimRequest, claimed: ClaimedStep[]): void {
  if (!observers.onClaims) return;
  tellClaims(
    observers,
    claimed.map((s) => ({ taskId: s.task_id, step: s.name, handler: s.handler, workerId: req.workerId, queueWaitMs: s.queue_wait_ms })),
  );
}

/**
 * The `baton.claim` span of a committed claim that took steps (an empty claim,
 * an idle worker's poll, makes none): a root span, since one claim serves many
 * tasks' traces, linked to each of them (docs/operations.md#traces).
 */
function recordClaimSpan(startedAt: number, req: ClaimRequest, claimed: ClaimedStep[]): void {
  batonTracer()
    .startSpan(SpanNames.claim, {
      kind: SpanKind.INTERNAL,
      startTime: startedAt,
      root: true,
      links: linksTo(claimed.map((s) => s.traceparent)),
      attributes: { [Attr.claimCount]: claimed.length, [Attr.workerId]: req.workerId },
    })
    .end();
}

/** A claimed step whose `${...}` references cannot be resolved: it fails instead of reaching a handler. */
interface Unresolvable {
  step: ClaimedStep;
  message: string;
}

/**
 * Prepares claimed steps for handlers: upstream outputs are fetched in one
 * query (on `q`, so inside a transaction too) and `${...}` references resolved.
 */
async function prepareClaimed(q: Queryable, templates: TemplateRegistry, claimed: ClaimedStep[]): Promise<{ executions: Execution[]; unresolvable: Unresolvable[] }> {
  const upstream = new Map<ClaimedStep, string[]>();
  const wanted: { taskId: string; name: string }[] = [];
  for (const step of claimed) {
    const template = await templates.byIdOrThrow(step.template_id, q);
    const names = templates.upstream(template, step.template_step ?? step.name);
    upstream.set(step, names);
    for (const name of names) wanted.push({ taskId: step.task_id, name });
  }
  const outputs = await findOutputs(q, wanted);
  const executions: Execution[] = [];
  const unresolvable: Unresolvable[] = [];
  for (const step of claimed) {
    const results: Record<string, JsonValue> = {};
    for (const name of upstream.get(step)!) {
      const output = outputs.get(`${step.task_id}/${name}`);
      if (output !== undefined) results[name] = output;
    }
    let params: JsonObject;
    try {
      params = resolveParams(step.params, { context: step.context, steps: results });
    } catch (err) {
      unresolvable.push({ step, message: (err as Error).message });
      continue;
    }
    executions.push({
      execution_id: String(step.id),
      lease_id: step.lease_id,
      handler: step.handler,
      params,
      results,
      context: step.context,
      attempt: step.attempts,
      max_attempts: step.max_attempts,
      deadline: step.deadline_at ? step.deadline_at.toISOString() : null,
      lease_expires_at: step.lease_expires_at.toISOString(),
      checkpoint: step.checkpoint,
      fan_out: step.fan_out,
      task: { id: step.task_id, namespace: step.namespace, name: step.task_name, version: step.version },
      step: step.name,
      correlation_id: step.correlation_id,
      traceparent: step.traceparent,
    });
  }
  return { executions, unresolvable };
}

/** A claim made inside another transaction; `afterCommit` must run once that transaction commits. */
export interface PendingClaim {
  executions: Execution[];
  afterCommit(): Promise<void>;
}

/**
 * Claims inside the transaction of `unit` (the one that completes a worker's
 * previous steps, so the steps those completions released go straight to it).
 * Observers hear of the claim, and unresolvable steps are failed, only after
 * the commit: call `afterCommit`.
 */
export async function claimInTransaction(
  db: Db,
  unit: TaskUnit,
  templates: TemplateRegistry,
  req: ClaimRequest,
  observers: CommitObservers = NO_OBSERVERS,
  flow?: FlowClaimer,
): Promise<PendingClaim> {
  const replayed = await replayIfAsked(unit.tx, req);
  // The claim logs its own ready -> running rows: after the completions' rows
  // that released those steps, never before them.
  const startedAt = isTracing() ? Date.now() : 0;
  // Flow-controlled steps first, as `claimExecutions` takes them: keyed and rate-limited steps are handed over here too.
  const claimed = replayed.length > 0 ? replayed : await unit.thenLogging((tx) => claimFlowThenPlain(tx, req, flow));
  if (claimed.length === 0) return { executions: [], afterCommit: async () => {} };
  const { executions, unresolvable } = await prepareClaimed(unit.tx, templates, claimed);
  return {
    executions,
    afterCommit: async () => {
      if (replayed.length === 0) tellClaimed(observers, req, claimed);
      if (startedAt > 0 && replayed.length === 0) recordClaimSpan(startedAt, req, claimed);
      await failUnresolvable(db, unresolvable, observers);
    },
  };
}

async function failUnresolvable(db: Db, unresolvable: Unresolvable[], observers: CommitObservers): Promise<void> {
  for (const { step, message } of unresolvable) {
    await inTaskTransaction(db, (unit) => failStep(unit, { stepId: step.id, leaseId: step.lease_id, error: stepError('invalid_reference', message), retryable: false }), observers);
  }
}

/**
 * Claims ready steps and prepares them for handlers. A step whose references
 * cannot be resolved fails permanently instead of reaching a handler.
 */
export async function claimExecutions(db: Db, templates: TemplateRegistry, req: ClaimRequest, observers: CommitObservers = NO_OBSERVERS, flow?: FlowClaimer): Promise<Execution[]> {
  const startedAt = isTracing() ? Date.now() : 0;
  const replayed = await replayIfAsked(db, req);
  if (replayed.length > 0) return prepareReplayed(db, templates, replayed, observers);
  const claimed = await claimFlowThenPlain(db, req, flow);
  if (claimed.length === 0) return [];
  tellClaimed(observers, req, claimed);
  if (startedAt > 0) recordClaimSpan(startedAt, req, claimed);
  const { executions, unresolvable } = await prepareClaimed(db, templates, claimed);
  await failUnresolvable(db, unresolvable, observers);
  return executions;
}

/** Flow-controlled steps first, within their limits, so plain work cannot starve them; plain steps fill the rest. */
async function claimFlowThenPlain(q: Queryable, req: ClaimRequest, flow?: FlowClaimer): Promise<ClaimedStep[]> {
  const limited = flow ? await flow.claim(q, req) : [];
  const plain = req.limit - limited.length > 0 ? await claimSteps(q, { ...req, limit: req.limit - limited.length }) : [];
  return limited.length === 0 ? plain : [...limited, ...plain];
}

/** What an earlier try of this claim call took, when the request carries a claim id and does not say it is new. */
function replayIfAsked(q: Queryable, req: ClaimRequest): Promise<ClaimedStep[]> {
  if (req.claimId === undefined || req.replay === false) return Promise.resolve([]);
  return replayClaim(q, { workerId: req.workerId, claimId: req.claimId, leaseMs: req.leaseMs });
}

/**
 * Replayed steps are prepared as a claim's are. Observers are not told again:
 * they heard of these steps when their claim committed (except when that
 * commit's answer was lost inside `completeAndClaim`: such a claim goes uncounted).
 */
async function prepareReplayed(db: Db, templates: TemplateRegistry, replayed: ClaimedStep[], observers: CommitObservers): Promise<Execution[]> {
  const { executions, unresolvable } = await prepareClaimed(db, templates, replayed);
  // A first try cut short may not have failed these yet (those it did fail are no longer running, so not replayed).
  await failUnresolvable(db, unresolvable, observers);
  return executions;
}

/**
 * The executions an earlier try of claim call `claimId` took, for a retry
 * whose first answer was lost (see `replayClaim`); empty when there are none.
 */
export async function replayExecutions(
  db: Db,
  templates: TemplateRegistry,
  req: { workerId: string; claimId: string; leaseMs: number },
  observers: CommitObservers = NO_OBSERVERS,
): Promise<Execution[]> {
  const replayed = await replayClaim(db, req);
  return replayed.length > 0 ? prepareReplayed(db, templates, replayed, observers) : [];
}
