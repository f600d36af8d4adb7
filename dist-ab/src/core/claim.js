import { resolveParams } from '../domain/references.js';
import { stepError } from '../domain/step-errors.js';
import { claimSteps, replayClaim } from '../store/leases.js';
import { findOutputs } from '../store/steps.js';
import { failStep } from './outcomes.js';
import { NO_OBSERVERS, tellClaims } from './observers.js';
import { inTaskTransaction } from './task-unit.js';
/** Tells the observers of a committed claim: its steps, as claim observations. */
function tellClaimed(observers, req, claimed) {
    if (!observers.onClaims)
        return;
    tellClaims(observers, claimed.map((s) => ({ taskId: s.task_id, step: s.name, handler: s.handler, workerId: req.workerId, queueWaitMs: s.queue_wait_ms })));
}
/**
 * Prepares claimed steps for handlers: upstream outputs are fetched in one
 * query (on `q`, so inside a transaction too) and `${...}` references resolved.
 */
async function prepareClaimed(q, templates, claimed) {
    const upstream = new Map();
    const wanted = [];
    for (const step of claimed) {
        const template = await templates.byIdOrThrow(step.template_id, q);
        const names = templates.upstream(template, step.template_step ?? step.name);
        upstream.set(step, names);
        for (const name of names)
            wanted.push({ taskId: step.task_id, name });
    }
    const outputs = await findOutputs(q, wanted);
    const executions = [];
    const unresolvable = [];
    for (const step of claimed) {
        const results = {};
        for (const name of upstream.get(step)) {
            const output = outputs.get(`${step.task_id}/${name}`);
            if (output !== undefined)
                results[name] = output;
        }
        let params;
        try {
            params = resolveParams(step.params, { context: step.context, steps: results });
        }
        catch (err) {
            unresolvable.push({ step, message: err.message });
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
        });
    }
    return { executions, unresolvable };
}
/**
 * Claims inside the transaction of `unit` (the one that completes a worker's
 * previous steps, so the steps those completions released go straight to it).
 * Observers hear of the claim, and unresolvable steps are failed, only after
 * the commit: call `afterCommit`.
 */
export async function claimInTransaction(db, unit, templates, req, observers = NO_OBSERVERS) {
    const replayed = await replayIfAsked(unit.tx, req);
    // The claim logs its own ready -> running rows: after the completions' rows
    // that released those steps, never before them.
    const claimed = replayed.length > 0 ? replayed : await unit.thenLogging((tx) => claimSteps(tx, req));
    if (claimed.length === 0)
        return { executions: [], afterCommit: async () => { } };
    const { executions, unresolvable } = await prepareClaimed(unit.tx, templates, claimed);
    return {
        executions,
        afterCommit: async () => {
            if (replayed.length === 0)
                tellClaimed(observers, req, claimed);
            await failUnresolvable(db, unresolvable, observers);
        },
    };
}
async function failUnresolvable(db, unresolvable, observers) {
    for (const { step, message } of unresolvable) {
        await inTaskTransaction(db, (unit) => failStep(unit, { stepId: step.id, leaseId: step.lease_id, error: stepError('invalid_reference', message), retryable: false }), observers);
    }
}
/**
 * Claims ready steps and prepares them for handlers. A step whose references
 * cannot be resolved fails permanently instead of reaching a handler.
 */
export async function claimExecutions(db, templates, req, observers = NO_OBSERVERS, flow) {
    const replayed = await replayIfAsked(db, req);
    if (replayed.length > 0)
        return prepareReplayed(db, templates, replayed, observers);
    // Flow-controlled steps first, within their limits, so plain work cannot starve them; plain steps fill the rest.
    const limited = flow ? await flow.claim(db, req) : [];
    const plain = req.limit - limited.length > 0 ? await claimSteps(db, { ...req, limit: req.limit - limited.length }) : [];
    const claimed = [...limited, ...plain];
    if (claimed.length === 0)
        return [];
    tellClaimed(observers, req, claimed);
    const { executions, unresolvable } = await prepareClaimed(db, templates, claimed);
    await failUnresolvable(db, unresolvable, observers);
    return executions;
}
/** What an earlier try of this claim call took, when the request carries a claim id and does not say it is new. */
function replayIfAsked(q, req) {
    if (req.claimId === undefined || req.replay === false)
        return Promise.resolve([]);
    return replayClaim(q, { workerId: req.workerId, claimId: req.claimId, leaseMs: req.leaseMs });
}
/**
 * Replayed steps are prepared as a claim's are. Observers are not told again:
 * they heard of these steps when their claim committed (except when that
 * commit's answer was lost inside `completeAndClaim`: such a claim goes uncounted).
 */
async function prepareReplayed(db, templates, replayed, observers) {
    const { executions, unresolvable } = await prepareClaimed(db, templates, replayed);
    // A first try cut short may not have failed these yet (those it did fail are no longer running, so not replayed).
    await failUnresolvable(db, unresolvable, observers);
    return executions;
}
/**
 * The executions an earlier try of claim call `claimId` took, for a retry
 * whose first answer was lost (see `replayClaim`); empty when there are none.
 */
export async function replayExecutions(db, templates, req, observers = NO_OBSERVERS) {
    const replayed = await replayClaim(db, req);
    return replayed.length > 0 ? prepareReplayed(db, templates, replayed, observers) : [];
}
//# sourceMappingURL=claim.js.map