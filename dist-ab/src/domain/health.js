/** A measured value against a limit where 0 means none; an unknown value fails nothing (the database check does). */
function withinLimit(value, limit) {
    const ok = value === null || limit === 0 || value <= limit;
    return { ok, value, limit: limit === 0 ? null : limit };
}
export function evaluateReadiness(input) {
    const database = input.databaseOk ? { ok: true } : { ok: false, error: input.databaseError ?? 'the database did not answer' };
    const polling = input.mode === 'polling';
    const listener = {
        ok: polling || input.listenerOk,
        value: polling ? 'polling' : input.listenerOk ? 'up' : 'down',
    };
    const checks = {
        database,
        listener,
        backlog: withinLimit(input.readyBacklog, input.backlogLimit),
        oldest_ready: withinLimit(input.oldestReadyAgeMs === null ? null : Math.round(input.oldestReadyAgeMs), input.oldestReadyLimitMs),
        shutdown: { ok: !input.shuttingDown, value: input.shuttingDown },
    };
    return { ready: Object.values(checks).every((c) => c.ok), checks };
}
/** Names of the failed checks, for a log line or a message. */
export function failedChecks(readiness) {
    return Object.entries(readiness.checks)
        .filter(([, c]) => !c.ok)
        .map(([name]) => name);
}
//# sourceMappingURL=health.js.map