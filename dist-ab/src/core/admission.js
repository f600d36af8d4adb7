/**
 * Admission control: task submission is refused (429 `overloaded`) while the
 * ready backlog is over `orchestrator.admissionLimit`, so a flood of
 * submissions turns into back-pressure on clients instead of an ever-growing
 * queue. The backlog count is cached briefly so admission costs one query per
 * second, not one per submission; the limit is therefore soft by what one
 * second of submissions adds.
 */
import { BatonError } from '../errors.js';
import { readReadyBacklog } from '../store/stats.js';
/** What a refused client reads; `Retry-After` is set by the API's error mapping. */
export const OVERLOADED_MESSAGE = 'the ready backlog is over its limit (orchestrator.admission_limit); retry after the Retry-After delay';
export function createAdmission(db, opts) {
    const cacheMs = opts.cacheMs ?? 1000;
    const now = opts.now ?? Date.now;
    let cached;
    let reading;
    const backlog = async () => {
        if (cached && now() - cached.at < cacheMs)
            return cached.count;
        // Single-flight: a burst of submissions shares one query.
        reading ??= readReadyBacklog(db)
            .then(({ count }) => {
            cached = { count, at: now() };
            return count;
        })
            .finally(() => (reading = undefined));
        return reading;
    };
    return {
        async check() {
            if (opts.limit === 0)
                return;
            const count = await backlog();
            if (count > opts.limit) {
                throw new BatonError('overloaded', OVERLOADED_MESSAGE, { details: { ready_backlog: count, limit: opts.limit } });
            }
        },
    };
}
//# sourceMappingURL=admission.js.map