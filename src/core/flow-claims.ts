/**
 * The flow-controlled side of an engine's claims (DESIGN §8): steps with a
 * concurrency key, and rate-limited steps. Each has a cursor into what has
 * ready steps (keys; limit windows), advanced past what each claim served, so
 * they are served in turn; and a short pause after finding none, so a claim
 * of plain work then costs nothing more.
 */
import type { Queryable } from '../store/db.js';
import { claimKeyedSteps, readyKeysAfter } from '../store/keyed-claims.js';
import type { ClaimedStep, ClaimRequest } from '../store/leases.js';
import { claimRateLimitedSteps, readyWindowsAfter } from '../store/rate-limits.js';

/** Keys (or windows) looked at per claim: the claim's cost with many, and how far one round reaches. */
const PER_CLAIM = 64;
/** After finding none ready, how long claims skip the look. */
const NONE_PAUSE_MS = 250;

/** One kind of flow-controlled step: how to list what has ready steps after a cursor, and how to claim from a list. */
interface Lane<C> {
  start: C;
  after(db: Queryable, cursor: C, limit: number): Promise<C[]>;
  claim(db: Queryable, req: ClaimRequest, items: C[]): Promise<ClaimedStep[]>;
  same(a: C, b: C): boolean;
}

class LaneClaimer<C> {
  private cursor: C;
  private emptyAt = -Infinity;

  constructor(private readonly lane: Lane<C>) {
    this.cursor = lane.start;
  }

  async claim(db: Queryable, req: ClaimRequest): Promise<ClaimedStep[]> {
    if (req.limit <= 0 || Date.now() - this.emptyAt < NONE_PAUSE_MS) return [];
    const items = await this.lane.after(db, this.cursor, PER_CLAIM);
    // Wrap around: what lies before the cursor comes after what lies past it.
    if (items.length < PER_CLAIM && !this.lane.same(this.cursor, this.lane.start)) {
      for (const item of await this.lane.after(db, this.lane.start, PER_CLAIM - items.length)) if (!items.some((i) => this.lane.same(i, item))) items.push(item);
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

type Window = { name: string; key: string };

export class FlowClaimer {
  private readonly keyed = new LaneClaimer<string>({
    start: '',
    after: (db, cursor, limit) => readyKeysAfter(db, cursor, limit),
    claim: (db, req, keys) => claimKeyedSteps(db, req, keys),
    same: (a, b) => a === b,
  });

  private readonly limited = new LaneClaimer<Window>({
    start: { name: '', key: '' },
    after: (db, cursor, limit) => readyWindowsAfter(db, cursor, limit),
    claim: (db, req, windows) => claimRateLimitedSteps(db, req, windows),
    same: (a, b) => a.name === b.name && a.key === b.key,
  });

  async claim(db: Queryable, req: ClaimRequest): Promise<ClaimedStep[]> {
    const keyed = await this.keyed.claim(db, req);
    const limited = await this.limited.claim(db, { ...req, limit: req.limit - keyed.length });
    return [...keyed, ...limited];
  }
}
