/**
 * Admission control: task submission is refused (429 `overloaded`) while the
 * ready backlog is over `orchestrator.admissionLimit`, so a flood of
 * submissions turns into back-pressure on clients instead of an ever-growing
 * queue. The backlog count is cached briefly so admission costs one query per
 * second, not one per submission; the limit is therefore soft by what one
 * second of submissions adds.
 */
import { BatonError } from '../errors.js';
import type { Queryable } from '../store/db.js';
import { readReadyBacklog } from '../store/stats.js';

export interface AdmissionOptions {
  /** Largest ready backlog that still admits work; 0 admits everything (no query). */
  limit: number;
  /** How long a backlog count is reused. @default 1000 */
  cacheMs?: number;
  /** @default Date.now */
  now?: () => number;
}

export interface Admission {
  /** Resolves when a submission may go ahead; throws `overloaded` when the backlog is over the limit. */
  check(): Promise<void>;
}

/** What a refused client reads; `Retry-After` is set by the API's error mapping. */
export const OVERLOADED_MESSAGE = 'the ready backlog is over its limit (orchestrator.admission_limit); retry after the Retry-After delay';

export function createAdmission(db: Queryable, opts: AdmissionOptions): Admission {
  const cacheMs = opts.cacheMs ?? 1000;
  const now = opts.now ?? Date.now;
  let cached: { count: number; at: number } | undefined;
  let reading: Promise<number> | undefined;
  const backlog = async (): Promise<number> => {
    if (cached && now() - cached.at < cacheMs) return cached.count;
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
      if (opts.limit === 0) return;
      const count = await backlog();
      if (count > opts.limit) {
        throw new BatonError('overloaded', OVERLOADED_MESSAGE, { details: { ready_backlog: count, limit: opts.limit } });
      }
    },
  };
}
