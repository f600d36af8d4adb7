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
export function createSseParser(onMessage: (message: SseMessage) => void): SseParser;
/**
 * A message as the SSE format defines it, before interpretation.
 */
export type SseMessage = {
    /**
     * The message's own `id:`: unlike EventSource's `lastEventId`, set only on a message that carried an `id:` line.
     */
    id: string | undefined;
    /**
     * The `event:` name; `message` when none was given.
     */
    event: string;
    /**
     * The `data:` lines, joined with `\n`.
     */
    data: string;
    /**
     * The `retry:` reconnection time in ms, when the message set one.
     */
    retry: number | undefined;
};
export type SseParser = {
    /**
     * Takes the next piece of decoded text, as it arrives.
     */
    push: (chunk: string) => void;
    /**
     * Says the stream ended (a trailing `\r` was a line end after all).
     */
    end: () => void;
};
