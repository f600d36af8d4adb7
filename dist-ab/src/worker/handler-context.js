import { BatonError, isPermanentError } from '../errors.js';
/** A handler's return value as JSON (undefined → null; Dates, toJSON and the like applied). */
export function toJson(value) {
    return value === undefined ? null : JSON.parse(JSON.stringify(value));
}
/** What a thrown value records as the attempt's error. */
export function toStepError(err) {
    if (err instanceof Error) {
        const code = err.code;
        const details = err.details;
        return {
            message: err.message || err.name,
            ...(typeof code === 'string' ? { code } : {}),
            ...(details !== undefined ? { details: details } : {}),
        };
    }
    return { message: typeof err === 'string' ? err : (JSON.stringify(err) ?? 'unknown error') };
}
/**
 * Logs a failed attempt. A `PermanentError`, an error with a string `code`, or
 * a thrown non-Error is a failure the handler meant: one line with its message
 * (and code), no stack. Any other error is likely a bug, so its stack is logged.
 * `warn` when the step has no attempt left, `info` while it is retried.
 */
export function logAttemptFailure(log, err, execution) {
    const permanent = isPermanentError(err);
    const { message, code } = toStepError(err);
    const meant = permanent || code !== undefined || !(err instanceof Error);
    const level = permanent || execution.attempt >= execution.max_attempts ? 'warn' : 'info';
    log[level](meant ? { error: message, ...(code === undefined ? {} : { code }) } : { err }, 'step attempt failed');
}
/** Builds the `ctx` a handler receives for one execution (DESIGN §3). */
export function createHandlerContext(execution, signal, transport, log) {
    const lease = { executionId: execution.execution_id, leaseId: execution.lease_id };
    return {
        task: { ...execution.task, context: execution.context },
        step: { name: execution.step, attempt: execution.attempt, max_attempts: execution.max_attempts, execution_id: execution.execution_id },
        params: execution.params,
        results: execution.results,
        signal,
        progress: async (data) => {
            await transport.progress(lease, toJson(data));
        },
        log,
        idempotencyKey: `${execution.task.id}:${execution.step}`,
        correlationId: execution.correlation_id,
        checkpoint: Object.assign(async (data) => {
            const result = await transport.checkpoint(lease, toJson(data));
            if (result === 'stale' || result === 'not_found') {
                throw new BatonError('stale_lease', 'checkpoint refused: this attempt no longer holds the step (its lease expired or it was re-claimed); stop, another attempt owns it', {
                    details: { execution_id: lease.executionId, step: execution.step },
                });
            }
        }, { last: execution.checkpoint ?? null }),
        ...(execution.fan_out ? { fanOut: execution.fan_out } : {}),
    };
}
//# sourceMappingURL=handler-context.js.map