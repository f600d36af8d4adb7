import { createSseParser } from '../dashboard/assets/sse-parser.js';
import { BatonError } from '../errors.js';
import { abortableSleep as sleep } from '../sleep.js';
/**
 * Splits a text stream into SSE messages, with the parser the dashboard uses
 * too (src/dashboard/assets/sse-parser.js: the WHATWG event-stream rules).
 * Unlike EventSource's `lastEventId`, `id` is only set on a message that
 * carried an `id:` line itself.
 */
export async function* parseSse(chunks) {
    const complete = [];
    const parser = createSseParser((message) => complete.push(message));
    for await (const chunk of chunks) {
        parser.push(chunk);
        yield* complete.splice(0);
    }
    parser.end();
    yield* complete.splice(0);
}
/** JSON.parse, or undefined for text that is not JSON. */
export function parseJsonOrUndefined(text) {
    try {
        return JSON.parse(text);
    }
    catch {
        return undefined;
    }
}
async function* decode(body) {
    const decoder = new TextDecoder();
    for await (const chunk of body)
        yield decoder.decode(chunk, { stream: true });
}
/**
 * Follows an event stream until its `end` event (yielded last), reconnecting
 * with `Last-Event-ID` when the connection drops.
 */
export async function* followEvents(req, opts = {}) {
    let lastId = opts.lastEventId;
    let failures = 0;
    let retryMs = 1000;
    const maxReconnects = opts.maxReconnects ?? 10;
    const idleTimeoutMs = opts.idleTimeoutMs ?? 60_000;
    for (;;) {
        opts.signal?.throwIfAborted();
        const connection = new AbortController();
        const onAbort = () => connection.abort(opts.signal.reason);
        opts.signal?.addEventListener('abort', onAbort, { once: true });
        let idle;
        const touch = () => {
            clearTimeout(idle);
            idle = setTimeout(() => connection.abort(new Error(`no data for ${idleTimeoutMs} ms`)), idleTimeoutMs);
        };
        let lost;
        try {
            touch();
            const headers = { ...req.headers, accept: 'text/event-stream', ...(lastId === undefined ? {} : { 'last-event-id': String(lastId) }) };
            const res = await req.fetch(req.url, { headers, signal: connection.signal });
            if (!res.ok || res.body === null) {
                const text = await res.text().catch(() => '');
                const error = req.errorFrom(res.status, text, res.headers);
                if (res.status !== 503)
                    throw error;
                lost = error;
            }
            else {
                const chunks = decode(res.body);
                const touched = (async function* () {
                    for await (const chunk of chunks) {
                        touch();
                        yield chunk;
                    }
                })();
                for await (const message of parseSse(touched)) {
                    if (message.retry !== undefined)
                        retryMs = message.retry;
                    const event = { id: message.id === undefined ? null : Number(message.id), event: message.event, data: JSON.parse(message.data) };
                    if (event.id !== null)
                        lastId = event.id;
                    failures = 0;
                    yield event;
                    if (event.event === 'end')
                        return;
                }
                lost = new Error('the server closed the stream');
            }
        }
        catch (err) {
            if (opts.signal?.aborted)
                throw opts.signal.reason;
            if (err instanceof BatonError)
                throw err;
            lost = err;
        }
        finally {
            clearTimeout(idle);
            opts.signal?.removeEventListener('abort', onAbort);
            connection.abort();
        }
        if (++failures > maxReconnects) {
            throw new BatonError('unavailable', `lost the event stream ${req.url} ${failures} times in a row: ${lost?.message ?? lost}`, { cause: lost });
        }
        await sleep(retryMs, opts.signal);
    }
}
//# sourceMappingURL=events.js.map