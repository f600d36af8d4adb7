// @ts-check
// Baton's one parser of the Server-Sent Events wire format, for the SDK
// (src/sdk/events.ts, compiled with `allowJs`) and the dashboard (api.js)
// alike. A plain ES module that imports nothing, so the browser loads it as
// the server sends it, with no build step.
/**
 * A message as the SSE format defines it, before interpretation.
 * @typedef {object} SseMessage
 * @property {string | undefined} id The message's own `id:`: unlike EventSource's `lastEventId`, set only on a message that carried an `id:` line.
 * @property {string} event The `event:` name; `message` when none was given.
 * @property {string} data The `data:` lines, joined with `\n`.
 * @property {number | undefined} retry The `retry:` reconnection time in ms, when the message set one.
 */
/**
 * @typedef {object} SseParser
 * @property {(chunk: string) => void} push Takes the next piece of decoded text, as it arrives.
 * @property {() => void} end Says the stream ended (a trailing `\r` was a line end after all).
 */
/**
 * Splits a text stream into SSE messages by the WHATWG event-stream rules:
 * `\n`, `\r\n` or `\r` line ends, `:` comments, multi-line data, `retry`; a
 * message without data is not dispatched. Each complete message goes to
 * `onMessage` as soon as its blank line arrives.
 *
 * @param {(message: SseMessage) => void} onMessage
 * @returns {SseParser}
 * @example
 * const parser = createSseParser((m) => console.log(m.event, m.data));
 * parser.push('event: end\ndata: {}\n\n'); // logs: end {}
 */
export function createSseParser(onMessage) {
    let buffer = '';
    /** @type {string[]} */
    let data = [];
    let event = '';
    /** @type {string | undefined} */
    let id;
    /** @type {number | undefined} */
    let retry;
    /** @param {string} line */
    const take = (line) => {
        if (line === '') {
            const message = data.length > 0 ? { id, event: event || 'message', data: data.join('\n'), retry } : undefined;
            data = [];
            event = '';
            id = undefined;
            retry = undefined;
            if (message)
                onMessage(message);
            return;
        }
        if (line.startsWith(':'))
            return; // a comment: the server's keep-alive
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? '' : line.slice(colon + (line[colon + 1] === ' ' ? 2 : 1));
        if (field === 'data')
            data.push(value);
        else if (field === 'event')
            event = value;
        else if (field === 'id' && !value.includes('\0'))
            id = value;
        else if (field === 'retry' && /^\d+$/.test(value))
            retry = Number(value);
    };
    return {
        push(chunk) {
            buffer += chunk;
            for (;;) {
                const end = buffer.search(/\r\n|\r|\n/);
                // A lone `\r` at the end may be the first half of `\r\n`: wait for more.
                if (end < 0 || (buffer[end] === '\r' && end === buffer.length - 1))
                    break;
                const line = buffer.slice(0, end);
                buffer = buffer.slice(end + (buffer.startsWith('\r\n', end) ? 2 : 1));
                take(line);
            }
        },
        end() {
            if (buffer.endsWith('\r'))
                take(buffer.slice(0, -1));
            buffer = '';
        },
    };
}
//# sourceMappingURL=sse-parser.js.map