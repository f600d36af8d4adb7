import { stepError } from '../domain/step-errors.js';
import { isBatonError } from '../errors.js';
import { ClaimIds } from './claim-ids.js';
import { createProtocolClient } from './http-client.js';
import { retry } from '../retry.js';
import { sleepUnlessAborted as sleep } from '../sleep.js';
import { isPermanentRefusal, isTransientFailure, logEachWait, retryWorkerCall } from './retry-policy.js';
/** Heartbeats a few times per lease, and at least every 2 s: over HTTP they are how cancellation is learnt. */
export function httpHeartbeatMs(leaseMs) {
    return Math.max(100, Math.min(2000, Math.floor(leaseMs / 3)));
}
const fromWire = (s) => (s === 'stale_lease' ? 'stale' : s);
const tooLarge = (err) => isBatonError(err) && err.status === 413;
const MAX_BATCH = 1000;
/** 200 ms, then 400 ms, between the tries of a deregistration. */
const DEREGISTER_BACKOFF = { backoff: 'linear', base_ms: 200, max_ms: 1000, jitter: false };
/**
 * A WorkerTransport over the HTTP worker protocol. Claims long-poll (the
 * server wakes them on NOTIFY); cancellation arrives in heartbeat answers, so
 * heartbeats should run every `heartbeatMs`.
 */
export class HttpTransport {
    opts;
    client;
    id;
    leaseMs;
    lastError;
    lastClaimWasFullWait = false;
    /** A claim that failed (its answer may have been lost after the server committed it) is retried under its id by the next. */
    claimIds = new ClaimIds();
    /** Aborted by `close()`: ends the waits of retries still going (a re-registration, a heartbeat). */
    closing = new AbortController();
    constructor(opts, client, id, 
    /** The server's lease length. */
    leaseMs) {
        this.opts = opts;
        this.client = client;
        this.id = id;
        this.leaseMs = leaseMs;
    }
    /**
     * Registers with the server (`POST /v1/workers`), waiting for it: a server
     * not up yet (refused, 502/503/504, 429) is tried again with backoff until it
     * answers; a refusal that retrying cannot fix (401/403, a 400 for the
     * registration) rejects at once.
     */
    static async create(opts) {
        const client = createProtocolClient({
            serverUrl: opts.serverUrl,
            requestTimeoutMs: opts.requestTimeoutMs ?? 30_000,
            ...(opts.token !== undefined ? { token: opts.token } : {}),
            ...(opts.fetch ? { fetch: opts.fetch } : {}),
        });
        const { id, lease_ms } = await register(client, opts, opts.signal);
        return new HttpTransport(opts, client, id, lease_ms);
    }
    /** This worker's id on the server (changes if the server forgot it and it registered again). */
    get workerId() {
        return this.id;
    }
    /** The heartbeat interval to give the Worker. */
    get heartbeatMs() {
        return httpHeartbeatMs(this.leaseMs);
    }
    note(err) {
        this.lastError = (err instanceof Error ? err.message : String(err)).slice(0, 1000);
    }
    reregistering;
    /**
     * The server no longer knows this worker (removed, or forgotten after being
     * lost): its leases are gone; register again, waiting for the server as at
     * start. Claims and heartbeats may both find out at once: only the first one
     * registers, the others wait for it (or until their `signal` aborts).
     */
    async reregister(seenId, signal) {
        if (this.id !== seenId)
            return;
        this.reregistering ??= (async () => {
            try {
                const { id } = await register(this.client, this.opts, this.closing.signal);
                this.opts.logger?.warn({ oldWorkerId: seenId, workerId: id }, 'the server did not know this worker; registered again');
                this.id = id;
            }
            finally {
                this.reregistering = undefined;
            }
        })();
        await untilAborted(this.reregistering, signal);
    }
    /** Retries of claims and heartbeats: transient failures only, logged at `level`. */
    retryTransient(fn, what, level, limits = {}) {
        const signal = limits.signal ? AbortSignal.any([limits.signal, this.closing.signal]) : this.closing.signal;
        return retryWorkerCall(fn, {
            isRetryable: isTransientFailure,
            signal,
            ...(limits.deadlineMs !== undefined ? { deadlineMs: limits.deadlineMs } : {}),
            onRetry: logEachWait(this.opts.logger, `the Baton server at ${this.opts.serverUrl} (${what})`, level),
        });
    }
    /**
     * One long-poll claim. A transient failure (server down or restarting,
     * 429/502/503/504) is retried with backoff, under the same claim id, until
     * the server answers or `signal` aborts; each wait is logged at warn.
     */
    async claim(max, signal) {
        const waitMs = this.opts.claimWaitMs ?? 20_000;
        let started = Date.now();
        const id = this.id;
        this.lastClaimWasFullWait = false;
        try {
            const { executions } = await this.retryTransient(() => ((started = Date.now()), this.claimIds.run((claimId) => this.client.claim(id, Math.min(max, 100), waitMs, signal, claimId))), 'claim', 'warn', signal ? { signal } : {});
            this.lastClaimWasFullWait = executions.length === 0 && Date.now() - started >= waitMs / 2;
            return executions;
        }
        catch (err) {
            // Aborted by shutdown: whatever the server claimed meanwhile it hands back on the disconnect.
            if (signal?.aborted || this.closing.signal.aborted)
                return [];
            if (isBatonError(err, 'not_found')) {
                await this.reregister(id, signal).catch((e) => {
                    if (!signal?.aborted)
                        throw e;
                });
                return [];
            }
            this.note(err);
            throw err;
        }
    }
    async waitForWork(timeoutMs, signal) {
        // The claim itself waited on the server; only a claim that came back early and empty needs a pause.
        if (this.lastClaimWasFullWait)
            return;
        await sleep(Math.min(timeoutMs, 1000), signal);
    }
    async complete(items) {
        const results = [];
        for (let i = 0; i < items.length; i += MAX_BATCH)
            results.push(...(await this.completeBatch(items.slice(i, i + MAX_BATCH))));
        return results;
    }
    /** One output alone over the server's body limit fails its step for good. */
    completeBatch(items) {
        return sendInHalves(items, (batch) => this.report('complete', batch.map((i) => ({ execution_id: i.executionId, lease_id: i.leaseId, output: i.output }))), (item, err) => {
            const error = stepError('output_too_large', `the step's output is larger than the server's request body limit: ${err.message}`);
            return this.fail([{ ...item, error, retryable: false }]);
        });
    }
    async fail(items) {
        if (items.length === 0)
            return [];
        const last = items[items.length - 1];
        this.lastError = `step failed (execution ${last.executionId}): ${last.error.message}`.slice(0, 1000);
        const results = [];
        for (let i = 0; i < items.length; i += MAX_BATCH)
            results.push(...(await this.failBatch(items.slice(i, i + MAX_BATCH))));
        // Make the error visible in GET /v1/workers now, not at the next heartbeat (an idle worker sends none).
        void this.sendLastError();
        return results;
    }
    failBatch(items) {
        return sendInHalves(items, (batch) => this.report('fail', batch.map((i) => ({ execution_id: i.executionId, lease_id: i.leaseId, error: i.error, retryable: i.retryable }))), 
        // Error details too large: keep the message's start and the code.
        ({ error: { message, code }, ...item }) => this.failBatch([{ ...item, error: { message: message.slice(0, 2000), ...(code ? { code } : {}) } }]));
    }
    async report(kind, wire) {
        const { results } = await this.client.report(kind, wire);
        return results.map((r) => fromWire(r.status));
    }
    async sendLastError() {
        const lastError = this.lastError;
        if (lastError === undefined)
            return;
        try {
            // An empty list extends no lease and aborts nothing: only the error is recorded.
            await this.client.heartbeat(this.id, [], lastError);
            if (this.lastError === lastError)
                this.lastError = undefined;
        }
        catch {
            // Sent with the next heartbeat instead.
        }
    }
    progress(lease, data) {
        return this.leaseCall(lease, 'progress', { data });
    }
    checkpoint(lease, data) {
        return this.leaseCall(lease, 'checkpoint', { data });
    }
    async leaseCall(lease, what, body) {
        try {
            await this.client.execution(lease.executionId, what, { lease_id: lease.leaseId, ...body });
            return 'ok';
        }
        catch (err) {
            if (isBatonError(err, 'stale_lease'))
                return 'stale';
            if (isBatonError(err, 'not_found'))
                return 'not_found';
            throw err;
        }
    }
    /**
     * Extends the leases. A transient failure is retried with backoff for up to
     * one heartbeat interval (the next heartbeat, with a fresh list, takes over
     * after that); the waits are logged at debug, the claims already say the
     * server is away.
     */
    async heartbeat(leases) {
        const lastError = this.lastError;
        const id = this.id;
        try {
            const executionIds = leases.map((l) => l.executionId);
            const answer = await this.retryTransient(() => this.client.heartbeat(id, executionIds, lastError), 'heartbeat', 'debug', { deadlineMs: this.heartbeatMs });
            if (this.lastError === lastError)
                this.lastError = undefined;
            return { abort: answer.abort, cancelled: answer.cancelled ?? [] };
        }
        catch (err) {
            if (!isBatonError(err, 'not_found')) {
                this.note(err);
                throw err;
            }
            // Removed by an operator (its leases were released) or forgotten: abort
            // everything now, and register again meanwhile (the claims wait for it).
            void this.reregister(id).catch((e) => {
                if (!this.closing.signal.aborted)
                    this.opts.logger?.error({ err: e }, 'could not register again with the server; claims will try again');
            });
            return { abort: leases.map((l) => l.executionId), cancelled: [] };
        }
    }
    /**
     * Called by a stopping Worker for the steps that outlived the grace period.
     * The hand-back itself is `close()`'s DELETE, which releases every lease the
     * worker still holds at once: sent now, it could also release a step whose
     * completion is still queued in the reporter, and that step would run twice.
     */
    async release(_leases) { }
    /** Over HTTP nothing is pushed early; heartbeat answers carry the aborts. */
    async onTaskStopped(_onAbort) {
        return async () => { };
    }
    /** Deregisters (`DELETE /v1/workers/:id`): the leases still held go back to `ready` at once. */
    async close() {
        this.closing.abort();
        try {
            const { released } = await retry(() => this.client.remove(this.id), { attempts: 3, policy: DEREGISTER_BACKOFF });
            if (released > 0)
                this.opts.logger?.info({ released }, 'handed unfinished steps back to the server');
        }
        catch (err) {
            this.opts.logger?.warn({ err }, 'could not deregister; held leases will expire and their steps be retried');
        }
    }
}
/** Sends a batch; one over the server's body limit is sent in halves, and an item alone over it goes to `alone`. */
async function sendInHalves(items, send, alone) {
    try {
        return await send(items);
    }
    catch (err) {
        if (!tooLarge(err))
            throw err;
        if (items.length <= 1)
            return alone(items[0], err);
        const half = Math.ceil(items.length / 2);
        return [...(await sendInHalves(items.slice(0, half), send, alone)), ...(await sendInHalves(items.slice(half), send, alone))];
    }
}
function registration(opts) {
    return { name: opts.name, handlers: opts.handlers, labels: opts.labels ?? {}, capacity: opts.capacity };
}
/** `POST /v1/workers` until the server answers: everything but a permanent refusal is retried, each wait logged at warn. */
function register(client, opts, signal) {
    return retryWorkerCall(() => client.register(registration(opts)), {
        isRetryable: (err) => !isPermanentRefusal(err),
        ...(signal ? { signal } : {}),
        onRetry: logEachWait(opts.logger, `the Baton server at ${opts.serverUrl}`),
    });
}
/** `promise`, or the signal's reason as soon as it aborts (the promise itself runs on for its other waiters). */
function untilAborted(promise, signal) {
    if (!signal)
        return promise;
    if (signal.aborted)
        return Promise.reject(signal.reason);
    return new Promise((resolve, reject) => {
        const onAbort = () => reject(signal.reason);
        signal.addEventListener('abort', onAbort, { once: true });
        promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
    });
}
/**
 * Registers a worker with a Baton server and returns its transport; give it to
 * `new Worker({ transport, heartbeatMs: transport.heartbeatMs, ... })`.
 *
 * @example
 * const transport = await createHttpTransport({ serverUrl: 'http://127.0.0.1:8080', name: 'w1', handlers: ['shop.ship'], capacity: 10 });
 */
export function createHttpTransport(opts) {
    return HttpTransport.create(opts);
}
//# sourceMappingURL=http-transport.js.map