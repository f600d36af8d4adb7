import { resolveParams } from '../domain/references.js';
import type { JsonObject, JsonValue } from '../domain/types.js';
import type { Db } from '../store/db.js';
import { claimSteps, type ClaimedStep, type ClaimRequest } from '../store/leases.js';
import { findOutputs } from '../store/steps.js';
import { failStep } from './outcomes.js';
import { inTaskTransaction } from './task-unit.js';
import type { TemplateRegistry } from './template-registry.js';

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

export type ClaimObserver = (claims: ClaimObservation[]) => void;

const claimObservers = new WeakMap<Db, ClaimObserver[]>();

/**
 * Subscribes to every committed claim on `db` (claims are one statement, not a
 * task unit, so they have their own observers). Errors of observers are swallowed.
 */
export function observeClaims(db: Db, observer: ClaimObserver): () => void {
  claimObservers.set(db, [...(claimObservers.get(db) ?? []), observer]);
  return () => claimObservers.set(db, (claimObservers.get(db) ?? []).filter((o) => o !== observer));
}

function notifyClaimObservers(db: Db, req: ClaimRequest, claimed: ClaimedStep[]): void {
  const observers = claimObservers.get(db);
  if (!observers || observers.length === 0) return;
  const claims = claimed.map((s) => ({ taskId: s.task_id, step: s.name, handler: s.handler, workerId: req.workerId, queueWaitMs: s.queue_wait_ms }));
  for (const observer of observers) {
    try {
      observer(claims);
    } catch {
      /* an observer's failure must not fail a committed claim */
    }
  }
}

/**
 * Claims ready steps and prepares them for handlers: upstream outputs are
 * fetched in one query, and `${...}` references resolved. A step whose
 * references cannot be resolved fails permanently instead of reaching a handler.
 */
export async function claimExecutions(db: Db, templates: TemplateRegistry, req: ClaimRequest): Promise<Execution[]> {
  const claimed = await claimSteps(db, req);
  if (claimed.length === 0) return [];
  notifyClaimObservers(db, req, claimed);
  const upstream = new Map<ClaimedStep, string[]>();
  const wanted: { taskId: string; name: string }[] = [];
  for (const step of claimed) {
    const template = await templates.byIdOrThrow(step.template_id);
    const names = templates.upstream(template, step.template_step ?? step.name);
    upstream.set(step, names);
    for (const name of names) wanted.push({ taskId: step.task_id, name });
  }
  const outputs = await findOutputs(db, wanted);
  const executions: Execution[] = [];
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
      await inTaskTransaction(db, (unit) =>
        failStep(unit, {
          stepId: step.id,
          leaseId: step.lease_id,
          error: { message: (err as Error).message, code: 'invalid_reference' },
          retryable: false,
        }),
      );
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
    });
  }
  return executions;
}
