/**
 * Human-readable log lines for a terminal, without a dependency: pino writes
 * JSON to this stream, which rewrites each line as
 * `12:00:01.234 INFO  request completed  reqId=… taskId=… res=202 responseTime=3.1`.
 * Fields stay fields (nothing moves into the message), so the line carries the
 * same information as the JSON one.
 */
import { isatty } from 'node:tty';
const LEVELS = {
    10: ['TRACE', '\x1b[90m'],
    20: ['DEBUG', '\x1b[36m'],
    30: ['INFO ', '\x1b[32m'],
    40: ['WARN ', '\x1b[33m'],
    50: ['ERROR', '\x1b[31m'],
    60: ['FATAL', '\x1b[35m'],
};
const RESET = '\x1b[0m';
const DIM = '\x1b[2m';
/** Fields the line shows in its own place, or that a terminal user does not need. */
const OMITTED = new Set(['level', 'time', 'msg', 'pid', 'hostname', 'err']);
function formatValue(key, value) {
    if (key === 'req' && value && typeof value === 'object' && 'method' in value && 'url' in value) {
        return `${String(value.method)} ${String(value.url)}`;
    }
    if (key === 'res' && value && typeof value === 'object' && 'statusCode' in value)
        return String(value.statusCode);
    if (typeof value === 'string')
        return /[\s"=]/.test(value) || value === '' ? JSON.stringify(value) : value;
    return JSON.stringify(value);
}
function pad(n, width = 2) {
    return String(n).padStart(width, '0');
}
/** Formats one pino JSON line; a line that is not JSON is returned as it is. */
export function formatLogLine(line, opts) {
    let entry;
    try {
        entry = JSON.parse(line);
    }
    catch {
        return line.endsWith('\n') ? line : `${line}\n`;
    }
    const time = new Date(typeof entry.time === 'number' ? entry.time : Date.now());
    const clock = `${pad(time.getHours())}:${pad(time.getMinutes())}:${pad(time.getSeconds())}.${pad(time.getMilliseconds(), 3)}`;
    const [name, colour] = LEVELS[entry.level] ?? [String(entry.level).toUpperCase().padEnd(5), ''];
    const paint = (text, code) => (opts.colours && code ? `${code}${text}${RESET}` : text);
    const fields = Object.entries(entry)
        .filter(([key, value]) => !OMITTED.has(key) && value !== undefined)
        .map(([key, value]) => `${paint(`${key}=`, DIM)}${formatValue(key, value)}`);
    // A line that is not pino's may carry any `msg`: it is shown as String() shows it.
    // eslint-disable-next-line @typescript-eslint/no-base-to-string
    let out = `${paint(clock, DIM)} ${paint(name, colour)} ${String(entry.msg ?? '')}${fields.length > 0 ? `  ${fields.join(' ')}` : ''}\n`;
    const err = entry.err;
    if (err && typeof err === 'object') {
        const stack = typeof err.stack === 'string' ? err.stack : `${err.type ?? 'Error'}: ${err.message ?? ''}`;
        out +=
            stack
                .split('\n')
                .map((l) => `    ${l}`)
                .join('\n') + '\n';
    }
    return out;
}
/** A pino destination that writes formatted lines to `target` (standard error by default). */
export function createPrettyStream(target = process.stderr, opts = {}) {
    // Colours only on a terminal (process streams and pino.destination() both expose their fd); NO_COLOR turns them off.
    const colours = opts.colours ?? (typeof target.fd === 'number' && isatty(target.fd) && !process.env.NO_COLOR);
    return {
        write(chunk) {
            // pino writes whole lines, one per call.
            for (const line of chunk.split('\n'))
                if (line !== '')
                    target.write(formatLogLine(line, { colours }));
        },
    };
}
//# sourceMappingURL=pretty.js.map