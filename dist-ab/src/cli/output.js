/**
 * What the CLI prints: error reports, exit codes, tables and durations.
 */
import { isBatonError } from '../errors.js';
import { UsageError } from './args.js';
/** The CLI's exit codes (DESIGN §5, plus 3 for failures that are not the caller's). */
export const ExitCode = {
    ok: 0,
    /** The task ended in error, cancelled or timed_out. */
    taskFailed: 1,
    /** Bad flags, invalid config, invalid template or context. */
    usage: 2,
    /** Anything else: the server cannot be reached, a conflict, an internal error. */
    failure: 3,
};
/** Error codes that mean "what you gave is wrong": exit 2. */
const VALIDATION_CODES = new Set(['invalid_config', 'invalid_template', 'invalid_context', 'invalid_request', 'invalid_json', 'invalid_schedule', 'invalid_signal']);
/** A `not_found` for a template the user named (alone, or every request of a batch): exit 2 like a validation error. */
function isUnknownTemplate(err) {
    if (err.code !== 'not_found' || typeof err.details !== 'object' || err.details === null)
        return false;
    const details = err.details;
    if (details.template !== undefined)
        return true;
    return Array.isArray(details.errors) && details.errors.length > 0 && details.errors.every((e) => e?.details?.template !== undefined);
}
/** An error that carries the exit code the CLI should end with. */
export class CliError extends Error {
    exitCode;
    detailLines;
    constructor(message, exitCode, detailLines = [], options) {
        super(message, options);
        this.exitCode = exitCode;
        this.detailLines = detailLines;
        this.name = 'CliError';
    }
}
export function exitCodeFor(err) {
    if (err instanceof UsageError)
        return ExitCode.usage;
    if (err instanceof CliError)
        return err.exitCode;
    if (isBatonError(err))
        return VALIDATION_CODES.has(err.code) || isUnknownTemplate(err) ? ExitCode.usage : ExitCode.failure;
    return ExitCode.failure;
}
/** The lines under `error: <message>` that spell out an error's details (template issues, context errors, ...). */
export function detailLines(err) {
    if (err instanceof CliError)
        return err.detailLines;
    if (!isBatonError(err) || typeof err.details !== 'object' || err.details === null)
        return [];
    const details = err.details;
    const lines = [];
    if (Array.isArray(details.issues)) {
        for (const issue of details.issues)
            lines.push(`  - ${messageOf(issue)}`);
    }
    if (Array.isArray(details.errors)) {
        for (const e of details.errors) {
            const where = typeof e.index === 'number' ? `#${e.index}: ` : typeof e.path === 'string' && e.path !== '' ? `${e.path} ` : '';
            lines.push(`  - ${where}${messageOf(e)}`);
        }
    }
    return lines;
}
function messageOf(value) {
    if (typeof value === 'object' && value !== null && typeof value.message === 'string') {
        return value.message;
    }
    return JSON.stringify(value);
}
/** Prints `error: <message>`, its detail lines, and a stack only with BATON_DEBUG=1. */
export function printError(err, ctx) {
    const lines = detailLines(err);
    const message = withoutSummary(err instanceof Error ? err.message : String(err), lines);
    ctx.err(`error: ${message}`);
    for (const line of lines)
        ctx.err(line);
    if (err instanceof UsageError) {
        ctx.err(`run \`baton ${err.command ? `${err.command} ` : ''}--help\` for usage`);
    }
    if (ctx.env.BATON_DEBUG === '1' && err instanceof Error && err.stack)
        ctx.err(err.stack);
}
/**
 * API messages often end with a one-line summary of their details
 * (`...: /items must be array; /id must be string`); when the detail lines
 * follow, the summary is dropped so nothing is said twice.
 */
function withoutSummary(message, lines) {
    if (lines.length === 0)
        return message;
    const texts = lines.map((line) => line.replace(/^\s*- (#\d+: )?/, ''));
    const cut = message.indexOf(`: ${texts[0]}`);
    if (cut < 0 || !texts.every((text) => message.includes(text, cut)))
        return message;
    return `${message.slice(0, cut)}:`;
}
/** Left-aligned columns separated by two spaces; the last column is not padded. */
export function formatTable(headers, rows) {
    const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
    const line = (cells) => cells
        .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i])))
        .join('  ')
        .trimEnd();
    return [line(headers), ...rows.map(line)];
}
/** `850ms`, `12.3s`, `4m05s`, `2h03m`. */
export function formatDuration(ms) {
    if (ms < 1000)
        return `${Math.max(0, Math.round(ms))}ms`;
    if (ms < 60_000)
        return `${(ms / 1000).toFixed(1)}s`;
    const s = Math.round(ms / 1000);
    if (s < 3600)
        return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
    return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}
/** Duration between two ISO times; to now when `end` is missing; '' without a start. */
export function durationBetween(start, end, now = Date.now()) {
    if (start === null)
        return '';
    const from = Date.parse(start);
    const to = end === null ? now : Date.parse(end);
    return formatDuration(to - from);
}
/** JSON on one line, cut to `max` characters. */
export function compactJson(value, max = 120) {
    const text = JSON.stringify(value) ?? 'null';
    return text.length > max ? `${text.slice(0, max - 3)}...` : text;
}
/** Shell-quotes a string for a copy-paste command line. */
export function shellQuote(text) {
    return /^[A-Za-z0-9_@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}
//# sourceMappingURL=output.js.map