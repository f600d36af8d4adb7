import type { BulkTaskFilter } from '../../sdk/client.js';
import { type CliContext, type ParsedArgs, type CommandSpec } from '../args.js';
/** The filter flags both bulk commands take. */
export declare const filterOptions: {
    readonly status: {
        readonly type: "string";
        readonly multiple: true;
        readonly valueName: "S";
        readonly description: `tasks in this status (repeatable): ${string}`;
    };
    readonly template: {
        readonly type: "string";
        readonly valueName: "NS[/NAME]";
        readonly description: "tasks of this template (or of every template in the namespace)";
    };
    readonly tag: {
        readonly type: "string";
        readonly valueName: "T";
        readonly description: "tasks carrying this tag";
    };
    readonly 'created-after': {
        readonly type: "string";
        readonly valueName: "ISO";
        readonly description: "created at or after this time (ISO 8601, e.g. 2030-01-07T00:00:00Z)";
    };
    readonly 'created-before': {
        readonly type: "string";
        readonly valueName: "ISO";
        readonly description: "created before this time (ISO 8601)";
    };
    readonly 'error-code': {
        readonly type: "string";
        readonly valueName: "CODE";
        readonly description: "tasks with a step in error whose error's code is this";
    };
};
/** Flags of a bulk run. */
export declare const bulkOptions: {
    readonly 'dry-run': {
        readonly type: "boolean";
        readonly description: "count the matches and show the first 20; change nothing";
    };
    readonly yes: {
        readonly type: "boolean";
        readonly short: "y";
        readonly description: "do not ask for confirmation (needed when standard input is not a terminal)";
    };
    readonly limit: {
        readonly type: "string";
        readonly valueName: "N";
        readonly description: "act on at most N tasks, oldest first (default 10000, at most 100000)";
    };
    readonly json: {
        readonly type: "boolean";
        readonly description: "print the answer as JSON";
    };
    readonly status: {
        readonly type: "string";
        readonly multiple: true;
        readonly valueName: "S";
        readonly description: `tasks in this status (repeatable): ${string}`;
    };
    readonly template: {
        readonly type: "string";
        readonly valueName: "NS[/NAME]";
        readonly description: "tasks of this template (or of every template in the namespace)";
    };
    readonly tag: {
        readonly type: "string";
        readonly valueName: "T";
        readonly description: "tasks carrying this tag";
    };
    readonly 'created-after': {
        readonly type: "string";
        readonly valueName: "ISO";
        readonly description: "created at or after this time (ISO 8601, e.g. 2030-01-07T00:00:00Z)";
    };
    readonly 'created-before': {
        readonly type: "string";
        readonly valueName: "ISO";
        readonly description: "created before this time (ISO 8601)";
    };
    readonly 'error-code': {
        readonly type: "string";
        readonly valueName: "CODE";
        readonly description: "tasks with a step in error whose error's code is this";
    };
};
/** Whether any filter flag was given. */
export declare function hasFilterFlags(args: ParsedArgs): boolean;
/** The filter flags as the API's filter; a bad value is a usage error naming its flag. */
export declare function parseFilterFlags(args: ParsedArgs, command: string): BulkTaskFilter;
/**
 * Counts the matches, asks (unless `--yes`), then runs the bulk operation.
 * Without a terminal to ask on and without `--yes`, refuses (exit 2) naming the count.
 */
export declare function runBulkCommand(action: 'cancel' | 'retry', args: ParsedArgs, ctx: CliContext): Promise<number>;
export declare const retryTasks: CommandSpec;
export declare const failures: CommandSpec;
