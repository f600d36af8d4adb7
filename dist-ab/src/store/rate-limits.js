import { CLAIM_TAIL, newLeaseIds } from './leases.js';
/** Creates or replaces a named limit. */
export async function upsertRateLimit(db, name, limit, perMs) {
    const { rows } = await db.query(`INSERT INTO rate_limits (name, "limit", per_ms) VALUES ($1, $2, $3)
     ON CONFLICT (name) DO UPDATE SET "limit" = EXCLUDED."limit", per_ms = EXCLUDED.per_ms, updated_at = now()
     RETURNING *`, [name, limit, perMs]);
    return rows[0];
}
export async function listRateLimits(db) {
    const { rows } = await db.query('SELECT * FROM rate_limits ORDER BY name');
    return rows;
}
/** Which of `names` are not declared. */
export async function unknownRateLimits(db, names) {
    if (names.length === 0)
        return [];
    const { rows } = await db.query('SELECT n AS name FROM unnest($1::text[]) AS n WHERE NOT EXISTS (SELECT 1 FROM rate_limits l WHERE l.name = n)', [names]);
    return rows.map((r) => r.name);
}
/** Up to `limit` (name, key) pairs with ready rate-limited steps, after `after` (a loose index scan). */
export async function readyWindowsAfter(db, after, limit) {
    const { rows } = await db.query(`WITH RECURSIVE w(name, key, n) AS (
       (SELECT rate_limit_name, rate_limit_key, 1 FROM steps WHERE state = 'ready' AND rate_limit_name IS NOT NULL
          AND (rate_limit_name, rate_limit_key) > ($1, $2) ORDER BY rate_limit_name, rate_limit_key LIMIT 1)
       UNION ALL
       SELECT x.rate_limit_name, x.rate_limit_key, w.n + 1 FROM w CROSS JOIN LATERAL (
         SELECT s.rate_limit_name, s.rate_limit_key FROM steps s WHERE s.state = 'ready' AND s.rate_limit_name IS NOT NULL
           AND (s.rate_limit_name, s.rate_limit_key) > (w.name, w.key) ORDER BY s.rate_limit_name, s.rate_limit_key LIMIT 1
       ) x WHERE w.n < $3
     )
     SELECT name, key FROM w`, [after.name, after.key, limit]);
    return rows;
}
/**
 * Claims up to `req.limit` ready steps of these windows, round-robin across
 * them, each window no further than its limit allows now; records the starts.
 */
export async function claimRateLimitedSteps(db, req, windows) {
    if (windows.length === 0 || req.limit <= 0)
        return [];
    await db.query(`INSERT INTO rate_windows (name, key) SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT DO NOTHING`, [
        windows.map((w) => w.name),
        windows.map((w) => w.key),
    ]);
    const { rows } = await db.query(`WITH locked AS (
       SELECT rw.name, rw.key, u.ord, l.per_ms,
              l."limit" - (SELECT count(*) FROM unnest(rw.starts) AS t WHERE t > clock_timestamp() - l.per_ms * interval '1 millisecond') AS room
       FROM unnest($8::text[], $9::text[]) WITH ORDINALITY AS u(name, key, ord)
       JOIN rate_windows rw ON rw.name = u.name AND rw.key = u.key
       JOIN rate_limits l ON l.name = u.name
       FOR UPDATE OF rw SKIP LOCKED
     ), cand AS (
       SELECT c.id, c.units, c.rn, locked.ord, locked.name, locked.key FROM locked CROSS JOIN LATERAL (
         SELECT s.id, s.rate_units AS units,
                sum(s.rate_units) OVER (ORDER BY s.priority DESC, s.visible_at, s.id) AS used,
                row_number() OVER (ORDER BY s.priority DESC, s.visible_at, s.id) AS rn
         FROM steps s
         WHERE s.state = 'ready' AND s.rate_limit_name = locked.name AND s.rate_limit_key = locked.key AND s.visible_at <= clock_timestamp()
           AND s.handler = ANY($1::text[]) AND s.labels <@ $2::jsonb
         ORDER BY s.priority DESC, s.visible_at, s.id
         LIMIT $3
       ) c
       WHERE c.used <= locked.room
     ), picked AS (
       SELECT s.id FROM steps s JOIN (SELECT id FROM cand ORDER BY rn, ord LIMIT $3) c ON c.id = s.id
       WHERE s.state = 'ready'
       FOR UPDATE OF s SKIP LOCKED
     ), taken AS (
       SELECT cand.name, cand.key, sum(cand.units)::int AS units FROM cand WHERE cand.id IN (SELECT id FROM picked) GROUP BY cand.name, cand.key
     ), recorded AS (
       UPDATE rate_windows rw SET starts = ARRAY(
         SELECT t FROM unnest(rw.starts || array_fill(clock_timestamp(), ARRAY[taken.units])) AS t
         WHERE t > clock_timestamp() - locked.per_ms * interval '1 millisecond' ORDER BY t)
       FROM taken JOIN locked ON locked.name = taken.name AND locked.key = taken.key
       WHERE rw.name = taken.name AND rw.key = taken.key
     ), ${CLAIM_TAIL}`, [
        req.handlers,
        JSON.stringify(req.labels),
        req.limit,
        req.leaseMs,
        req.workerId,
        newLeaseIds(req.limit),
        req.claimId ?? null,
        windows.map((w) => w.name),
        windows.map((w) => w.key),
    ]);
    return rows;
}
/** When each window has room again (its oldest start leaves the window), for windows of ready steps; null: room now. */
export async function windowsNextRoom(db, windows) {
    if (windows.length === 0)
        return new Map();
    const { rows } = await db.query(`SELECT rw.name, rw.key,
            CASE WHEN (SELECT count(*) FROM unnest(rw.starts) t WHERE t > clock_timestamp() - l.per_ms * interval '1 millisecond') < l."limit" THEN NULL
                 ELSE (SELECT min(t) FROM unnest(rw.starts) t WHERE t > clock_timestamp() - l.per_ms * interval '1 millisecond') + l.per_ms * interval '1 millisecond' END AS at
     FROM unnest($1::text[], $2::text[]) AS u(name, key)
     JOIN rate_windows rw ON rw.name = u.name AND rw.key = u.key JOIN rate_limits l ON l.name = rw.name`, [windows.map((w) => w.name), windows.map((w) => w.key)]);
    return new Map(rows.map((r) => [`${r.name}\u0000${r.key}`, r.at]));
}
/** The earliest time a full window of ready steps for these handlers has room again (the idle worker's next look). */
export async function nextWindowRoom(db, handlers) {
    const { rows } = await db.query(`SELECT min((SELECT min(t) FROM unnest(rw.starts) t WHERE t > clock_timestamp() - l.per_ms * interval '1 millisecond') + l.per_ms * interval '1 millisecond') AS at
     FROM rate_windows rw JOIN rate_limits l ON l.name = rw.name
     WHERE EXISTS (SELECT 1 FROM steps s WHERE s.state = 'ready' AND s.rate_limit_name = rw.name AND s.rate_limit_key = rw.key AND s.handler = ANY($1::text[]))`, [handlers]);
    return rows[0]?.at ?? null;
}
//# sourceMappingURL=rate-limits.js.map