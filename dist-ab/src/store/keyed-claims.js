import { CLAIM_TAIL, newLeaseIds } from './leases.js';
/** The advisory lock class of concurrency keys (the second half of the lock is the key's hash). */
const KEY_LOCK_CLASS = 7_201_401;
/**
 * Up to `limit` keys that have ready steps, in key order after `after`
 * (a loose index scan of `steps_ready_keyed_idx`: one probe per key, however
 * many steps each key has ready).
 */
export async function readyKeysAfter(db, after, limit) {
    const { rows } = await db.query(`WITH RECURSIVE keys(k, n) AS (
       (SELECT concurrency_key, 1 FROM steps WHERE state = 'ready' AND concurrency_key IS NOT NULL AND concurrency_key > $1
        ORDER BY concurrency_key LIMIT 1)
       UNION ALL
       SELECT (SELECT s.concurrency_key FROM steps s WHERE s.state = 'ready' AND s.concurrency_key IS NOT NULL AND s.concurrency_key > keys.k
               ORDER BY s.concurrency_key LIMIT 1), n + 1
       FROM keys WHERE keys.k IS NOT NULL AND n < $2
     )
     SELECT k FROM keys WHERE k IS NOT NULL`, [after, limit]);
    return rows.map((r) => r.k);
}
/**
 * Claims up to `req.limit` ready steps of `keys`, round-robin: every key's
 * first step, then every key's second, and so on, each key no further than
 * its limit minus what it has running.
 */
export async function claimKeyedSteps(db, req, keys) {
    if (keys.length === 0 || req.limit <= 0)
        return [];
    const { rows } = await db.query(`WITH locked AS (
       SELECT u.k, u.ord FROM unnest($8::text[]) WITH ORDINALITY AS u(k, ord)
       WHERE pg_try_advisory_xact_lock(${KEY_LOCK_CLASS}, hashtext(u.k))
     ), room AS (
       SELECT l.k, l.ord, (SELECT count(*) FROM steps r WHERE r.state = 'running' AND r.concurrency_key = l.k) AS running FROM locked l
     ), cand AS (
       SELECT c.id, room.ord, c.rn FROM room CROSS JOIN LATERAL (
         SELECT s.id, s.concurrency_limit, row_number() OVER (ORDER BY s.priority DESC, s.visible_at, s.id) AS rn
         FROM steps s
         WHERE s.state = 'ready' AND s.concurrency_key = room.k AND s.visible_at <= clock_timestamp()
           AND s.handler = ANY($1::text[]) AND s.labels <@ $2::jsonb
         ORDER BY s.priority DESC, s.visible_at, s.id
         LIMIT $3
       ) c
       WHERE c.rn <= c.concurrency_limit - room.running
     ), picked AS (
       SELECT s.id FROM steps s JOIN (SELECT id FROM cand ORDER BY rn, ord LIMIT $3) c ON c.id = s.id
       WHERE s.state = 'ready'
       FOR UPDATE OF s SKIP LOCKED
     ), ${CLAIM_TAIL}`, [req.handlers, JSON.stringify(req.labels), req.limit, req.leaseMs, req.workerId, newLeaseIds(req.limit), req.claimId ?? null, keys]);
    return rows;
}
/** Running steps per key, for the keys of `keys` (a ready step's `waiting_reason`). */
export async function countRunningByKey(db, keys) {
    if (keys.length === 0)
        return new Map();
    const { rows } = await db.query(`SELECT concurrency_key AS k, count(*)::int AS n FROM steps WHERE state = 'running' AND concurrency_key = ANY($1::text[]) GROUP BY 1`, [keys]);
    return new Map(rows.map((r) => [r.k, r.n]));
}
//# sourceMappingURL=keyed-claims.js.map