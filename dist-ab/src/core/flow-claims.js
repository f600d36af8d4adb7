import { claimKeyedSteps, readyKeysAfter } from '../store/keyed-claims.js';
import { claimRateLimitedSteps, readyWindowsAfter } from '../store/rate-limits.js';
/** Keys (or windows) looked at per claim: the claim's cost with many, and how far one round reaches. */
const PER_CLAIM = 64;
/** After finding none ready, how long claims skip the look. */
const NONE_PAUSE_MS = 250;
class LaneClaimer {
    lane;
    cursor;
    emptyAt = -Infinity;
    constructor(lane) {
        this.lane = lane;
        this.cursor = lane.start;
    }
    async claim(db, req) {
        if (req.limit <= 0 || Date.now() - this.emptyAt < NONE_PAUSE_MS)
            return [];
        const items = await this.lane.after(db, this.cursor, PER_CLAIM);
        // Wrap around: what lies before the cursor comes after what lies past it.
        if (items.length < PER_CLAIM && !this.lane.same(this.cursor, this.lane.start)) {
            for (const item of await this.lane.after(db, this.lane.start, PER_CLAIM - items.length))
                if (!items.some((i) => this.lane.same(i, item)))
                    items.push(item);
        }
        if (items.length === 0) {
            this.emptyAt = Date.now();
            this.cursor = this.lane.start;
            return [];
        }
        const claimed = await this.lane.claim(db, req, items);
        // The first step of each comes first, in order: the last one served is about the claim's size along.
        this.cursor = items[Math.min(Math.max(claimed.length, 1), items.length) - 1];
        return claimed;
    }
}
export class FlowClaimer {
    keyed = new LaneClaimer({
        start: '',
        after: (db, cursor, limit) => readyKeysAfter(db, cursor, limit),
        claim: (db, req, keys) => claimKeyedSteps(db, req, keys),
        same: (a, b) => a === b,
    });
    limited = new LaneClaimer({
        start: { name: '', key: '' },
        after: (db, cursor, limit) => readyWindowsAfter(db, cursor, limit),
        claim: (db, req, windows) => claimRateLimitedSteps(db, req, windows),
        same: (a, b) => a.name === b.name && a.key === b.key,
    });
    async claim(db, req) {
        const keyed = await this.keyed.claim(db, req);
        const limited = await this.limited.claim(db, { ...req, limit: req.limit - keyed.length });
        return [...keyed, ...limited];
    }
}
//# sourceMappingURL=flow-claims.js.map