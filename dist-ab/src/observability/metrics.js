/**
 * Prometheus metrics (prom-client), one Registry per server. Counters and
 * histograms are fed by the engine's commit observers (`CommitObservers`,
 * wired by `createRuntime`): every committed unit of work and every claim,
 * and by the worker pool's observer for the HTTP worker protocol. So a step run by
 * a worker in another process is counted by the process whose API commits its
 * completion, and each event is counted once across a fleet as long as each
 * process's /metrics is scraped: sum over instances in queries. Gauges that
 * describe shared state (ready backlog, workers) are read from the database on
 * scrape, so every instance reports the same fleet-wide value: use `max`.
 */
import { TERMINAL_TASK_STATUSES } from '../domain/state-machine.js';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { countWaitingSteps, countWorkersByState, readRateLimitUse, readReadyBacklogByHandler } from '../store/stats.js';
/** Seconds; from a fast handler to a long batch job. */
const STEP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600];
const HTTP_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
/** Seconds; a claim long-polls for at most 60. */
const CLAIM_WAIT_BUCKETS = [0.005, 0.025, 0.1, 0.5, 1, 2.5, 5, 10, 30, 60];
/** Seconds; a tick is about a second, the misfire grace a minute, a caught-up slot hours late. */
const SCHEDULE_LAG_BUCKETS = [0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300, 3600];
const TERMINAL_TASK = new Set(TERMINAL_TASK_STATUSES);
/** Where an attempt can go from `running`: the `outcome` label of baton_steps_finished_total. */
const ATTEMPT_OUTCOMES = new Set(['complete', 'failed', 'error', 'cancelled']);
export function createMetrics(opts = {}) {
    const registry = new Registry();
    if (opts.processMetrics !== false)
        collectDefaultMetrics({ register: registry });
    const registers = [registry];
    let db;
    const tasksSubmitted = new Counter({ name: 'baton_tasks_submitted_total', help: 'Tasks created, by template', labelNames: ['namespace', 'name'], registers });
    const tasksFinished = new Counter({
        name: 'baton_tasks_finished_total',
        help: 'Tasks that reached a terminal status (complete, error, cancelled, timed_out), by template',
        labelNames: ['namespace', 'name', 'status'],
        registers,
    });
    const stepsFinished = new Counter({
        name: 'baton_steps_finished_total',
        help: 'Step attempts that ended: complete, failed (will be retried), error (no attempts left) or cancelled',
        labelNames: ['handler', 'outcome'],
        registers,
    });
    const retries = new Counter({ name: 'baton_step_retries_total', help: 'Failed attempts put back in ready for another attempt', labelNames: ['handler'], registers });
    const leasesExpired = new Counter({ name: 'baton_leases_expired_total', help: 'Attempts failed because their lease expired (worker died or stalled)', registers });
    const stepDuration = new Histogram({
        name: 'baton_step_duration_seconds',
        help: 'Run time of step attempts, claim to report (database clock)',
        labelNames: ['handler'],
        buckets: STEP_BUCKETS,
        registers,
    });
    const queueWait = new Histogram({
        name: 'baton_step_queue_wait_seconds',
        help: 'Time steps waited visible in ready before a worker claimed them',
        labelNames: ['handler'],
        buckets: STEP_BUCKETS,
        registers,
    });
    const http = new Histogram({
        name: 'baton_http_request_duration_seconds',
        help: 'HTTP request durations, by route pattern',
        labelNames: ['method', 'route', 'status'],
        buckets: HTTP_BUCKETS,
        registers,
    });
    let sseProvider;
    const sseClients = new Gauge({
        name: 'baton_sse_clients',
        help: 'Open Server-Sent Events streams on this server',
        registers,
        collect() {
            if (sseProvider)
                this.set(sseProvider());
        },
    });
    new Gauge({
        name: 'baton_ready_backlog',
        help: 'Steps ready and visible now, waiting for a worker, by handler (fleet-wide, read on scrape)',
        labelNames: ['handler'],
        registers,
        async collect() {
            this.reset();
            if (!db)
                return;
            for (const { handler, count } of await readReadyBacklogByHandler(db).catch(() => []))
                this.set({ handler }, count);
        },
    });
    new Gauge({
        name: 'baton_waiting_steps',
        help: 'Steps waiting (sleep, signal, event) without a worker, by what they wait for (fleet-wide, read on scrape)',
        labelNames: ['for'],
        registers,
        async collect() {
            this.reset();
            if (!db)
                return;
            for (const row of await countWaitingSteps(db).catch(() => []))
                this.set({ for: row.for }, row.count);
        },
    });
    // Registered before the gauge its collect also sets, so one scrape's figures come from one read.
    new Gauge({
        name: 'baton_rate_limit_used',
        help: 'Units of each named rate limit started within its current window, over all keys (fleet-wide, read on scrape)',
        labelNames: ['name'],
        registers,
        async collect() {
            this.reset();
            rateDelayed.reset();
            if (!db)
                return;
            for (const row of await readRateLimitUse(db).catch(() => [])) {
                this.set({ name: row.name }, row.used);
                rateDelayed.set({ name: row.name }, row.delayed);
            }
        },
    });
    const rateDelayed = new Gauge({
        name: 'baton_rate_limit_delayed_steps',
        help: 'Ready steps held back by each named rate limit (fleet-wide, read on scrape)',
        labelNames: ['name'],
        registers,
    });
    const signals = new Counter({
        name: 'baton_signals_total',
        help: 'Signals received by tasks on this server: delivered to a waiting step, or kept for one not waiting yet',
        labelNames: ['status'],
        registers,
    });
    const waitsEnded = new Counter({
        name: 'baton_waits_ended_total',
        help: 'Waiting steps (sleep, wait) that ended, by outcome: complete (time came, signal or event arrived), error and skipped (timed out), cancelled, resolved',
        labelNames: ['outcome'],
        registers,
    });
    new Gauge({
        name: 'baton_workers_active',
        help: 'Registered workers in the active state (fleet-wide, read on scrape)',
        registers,
        async collect() {
            if (!db)
                return;
            const states = await countWorkersByState(db).catch(() => undefined);
            if (states)
                this.set(states.active ?? 0);
            else
                this.reset();
        },
    });
    const pool = (name, help, read) => new Gauge({
        name,
        help,
        registers,
        collect() {
            const stats = db?.poolStats();
            if (stats)
                this.set(read(stats));
        },
    });
    pool('baton_db_pool_connections', 'Open connections in the PostgreSQL pool (idle and in use)', (s) => s.total);
    pool('baton_db_pool_idle_connections', 'Idle connections in the PostgreSQL pool', (s) => s.idle);
    pool('baton_db_pool_waiting_requests', 'Queries waiting for a connection from the PostgreSQL pool', (s) => s.waiting);
    pool('baton_db_pool_reserved_waiting_requests', 'Heartbeats and reports waiting for one of the reserved connections (counted in baton_db_pool_waiting_requests too)', (s) => s.reserved.waiting);
    const workerRegistrations = new Counter({
        name: 'baton_worker_registrations_total',
        help: 'Workers registered through the worker pool, by transport',
        labelNames: ['transport'],
        registers,
    });
    const workerRemovals = new Counter({ name: 'baton_worker_removals_total', help: 'Workers deregistered through the worker pool', registers });
    const workerClaims = new Counter({
        name: 'baton_worker_claims_total',
        help: 'Claim calls the worker pool answered, by whether they returned work (result: work, empty)',
        labelNames: ['result'],
        registers,
    });
    const claimWait = new Histogram({
        name: 'baton_worker_claim_wait_seconds',
        help: 'Time claim calls waited (long-poll) before their answer',
        buckets: CLAIM_WAIT_BUCKETS,
        registers,
    });
    const handedBack = new Counter({
        name: 'baton_worker_handed_back_total',
        help: 'Claimed executions handed back at once because their claimer went away or was removed',
        registers,
    });
    const heartbeats = new Counter({ name: 'baton_worker_heartbeats_total', help: 'Worker heartbeats answered', registers });
    const aborts = new Counter({ name: 'baton_worker_aborts_total', help: 'Executions heartbeats told workers to abort (cancelled, timed out, lease lost)', registers });
    const scheduleFires = new Counter({
        name: 'baton_schedule_fires_total',
        help: 'Schedule slots handled by this process: fired, skipped_overlap (previous task live), skipped_missed (catch_up), duplicate (task existed), failed (refused)',
        labelNames: ['schedule', 'outcome'],
        registers,
    });
    const lateFires = new Counter({
        name: 'baton_schedule_late_fires_total',
        help: 'Schedule slots whose task was submitted more than 1 s after the slot (database clock)',
        registers,
    });
    const fireLag = new Histogram({
        name: 'baton_schedule_fire_lag_seconds',
        help: "Time from a schedule slot to its task's submission (database clock)",
        buckets: SCHEDULE_LAG_BUCKETS,
        registers,
    });
    const metrics = {
        registry,
        schedules: {
            slots: (schedule, outcome, count) => scheduleFires.inc({ schedule, outcome }, count),
            fired(_schedule, lagMs) {
                fireLag.observe(Math.max(0, lagMs) / 1000);
                if (lagMs > 1000)
                    lateFires.inc();
            },
        },
        workerPool: {
            registered: (_workerId, transport) => workerRegistrations.inc({ transport }),
            removed: () => workerRemovals.inc(),
            claimed(_workerId, count, waitedMs) {
                workerClaims.inc({ result: count > 0 ? 'work' : 'empty' });
                claimWait.observe(Math.max(0, waitedMs) / 1000);
            },
            handedBack: (_workerId, count) => handedBack.inc(count),
            heartbeat(_workerId, aborted) {
                heartbeats.inc();
                if (aborted > 0)
                    aborts.inc(aborted);
            },
        },
        recordUnit(unit) {
            for (const t of unit.transitions) {
                if (t.template && t.from === null && t.to === 'pending')
                    tasksSubmitted.inc(t.template);
                if (t.kind === 'signal') {
                    const status = t.data?.status;
                    signals.inc({ status: typeof status === 'string' ? status : 'delivered' });
                }
                if (t.from === 'waiting' && t.to)
                    waitsEnded.inc({ outcome: t.to });
                if (!t.stepName || !t.handler)
                    continue;
                const handler = t.handler;
                if (t.from === 'running' && t.to && ATTEMPT_OUTCOMES.has(t.to)) {
                    stepsFinished.inc({ handler, outcome: t.to });
                    if (t.to !== 'cancelled' && typeof t.durationMs === 'number')
                        stepDuration.observe({ handler }, Math.max(0, t.durationMs) / 1000);
                    if ((t.to === 'failed' || t.to === 'error') && t.data?.code === 'lease_expired')
                        leasesExpired.inc();
                }
                else if (t.from === 'failed' && t.to === 'ready') {
                    retries.inc({ handler });
                }
            }
            for (const f of unit.finalized) {
                if (!TERMINAL_TASK.has(f.status))
                    continue;
                tasksFinished.inc({ namespace: f.template?.namespace ?? 'unknown', name: f.template?.name ?? 'unknown', status: f.status });
            }
        },
        recordClaims(claims) {
            for (const c of claims)
                queueWait.observe({ handler: c.handler }, Math.max(0, c.queueWaitMs) / 1000);
        },
        recordHttpRequest(method, route, status, seconds) {
            http.observe({ method, route, status: String(status) }, seconds);
        },
        setSseClients(count) {
            if (typeof count === 'function')
                sseProvider = count;
            else
                sseClients.set(count);
        },
        readFrom(target) {
            db = target;
            return () => {
                if (db === target)
                    db = undefined;
            };
        },
    };
    return metrics;
}
//# sourceMappingURL=metrics.js.map