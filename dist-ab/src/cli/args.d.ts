import type { BatonConfig, DeepPartial } from '../config/schema.js';
/** A problem with how the CLI was called: exit code 2, with a hint to `--help`. */
export declare class UsageError extends Error {
    readonly command?: string | undefined;
    constructor(message: string, command?: string | undefined);
}
export interface OptionSpec {
    type: 'string' | 'boolean';
    short?: string;
    multiple?: boolean;
    /** Shown in help: `--port N`. */
    valueName?: string;
    description: string;
}
export type OptionSpecs = Record<string, OptionSpec>;
export type FlagValue = string | boolean | string[] | boolean[] | undefined;
export interface ParsedArgs {
    values: Record<string, FlagValue>;
    positionals: string[];
}
/** What a command can touch: its environment and output, injected so commands run in tests too. */
export interface CliContext {
    env: NodeJS.ProcessEnv;
    cwd: string;
    /** Writes one line (a newline is added) to standard output. */
    out: (line: string) => void;
    /** Writes one line to standard error. */
    err: (line: string) => void;
    /** Standard output as a terminal, when it is one (live views redraw in place there). */
    terminal?: {
        columns: number;
        write: (text: string) => void;
    };
    /** Asks a yes/no question on the terminal; absent when standard input is not a terminal (commands then need `--yes`). */
    confirm?: (question: string) => Promise<boolean>;
}
export interface CommandSpec {
    /** Words after `baton`: `start`, `task submit`. */
    name: string;
    summary: string;
    /** Arguments after the name in the usage line: `<namespace/name[@version]> [options]`. */
    usage: string;
    /** More help text, shown under the usage line. */
    description?: string;
    options: OptionSpecs;
    positionals: {
        min: number;
        max: number;
    };
    run(args: ParsedArgs, ctx: CliContext): Promise<number>;
}
/** Flags every command accepts, anywhere on the line. */
export declare const globalOptions: {
    readonly config: {
        readonly type: "string";
        readonly valueName: "FILE";
        readonly description: "config file (default: $BATON_CONFIG, else baton.toml in the working directory)";
    };
    readonly 'database-url': {
        readonly type: "string";
        readonly valueName: "URL";
        readonly description: "PostgreSQL URL (default: embedded PGlite under --data-dir)";
    };
    readonly 'data-dir': {
        readonly type: "string";
        readonly valueName: "DIR";
        readonly description: "embedded database directory (default: ./.baton/data)";
    };
    readonly 'log-level': {
        readonly type: "string";
        readonly valueName: "LEVEL";
        readonly description: "fatal, error, warn, info, debug, trace or silent";
    };
    readonly help: {
        readonly type: "boolean";
        readonly short: "h";
        readonly description: "show this help";
    };
};
/** Flags of the commands that talk to a server over HTTP. */
export declare const clientOptions: {
    readonly server: {
        readonly type: "string";
        readonly valueName: "URL";
        readonly description: "Baton API URL (default: $BATON_SERVER_URL, else http://127.0.0.1:<server.port>)";
    };
    readonly token: {
        readonly type: "string";
        readonly valueName: "TOKEN";
        readonly description: "bearer token (default: $BATON_TOKEN)";
    };
};
/**
 * Splits `baton [global flags] <words...> [rest]`: the leading global flags
 * (kept, to be parsed with the command's own) and the remaining tokens.
 */
export declare function splitLeadingGlobals(argv: string[]): {
    globals: string[];
    rest: string[];
};
/** Parses a command's arguments against its options plus the global ones. */
export declare function parseCommandArgs(spec: Pick<CommandSpec, 'name' | 'options' | 'positionals'>, argv: string[]): ParsedArgs;
export declare function stringFlag(args: ParsedArgs, name: string): string | undefined;
export declare function booleanFlag(args: ParsedArgs, name: string): boolean;
export declare function listFlag(args: ParsedArgs, name: string): string[];
/** An integer flag; a bad value is a usage error naming the flag. */
export declare function intFlag(args: ParsedArgs, name: string, range?: {
    min?: number;
    max?: number;
}): number | undefined;
/**
 * A numeric flag passed into the config as is: numbers become numbers, other
 * text stays text so the config loader rejects it naming the key and "flags".
 */
export declare function configNumberFlag(args: ParsedArgs, name: string): number | string | undefined;
/** `k=v,k2=v2` → `{k: 'v', k2: 'v2'}` (repeatable). */
export declare function parseLabels(values: string[]): Record<string, string>;
/** The global flags as loadConfig options: `--config` names the file, the rest are flag overrides. */
export declare function globalConfigInput(args: ParsedArgs): {
    file?: string;
    flags: DeepPartial<BatonConfig>;
};
/** Merges extra flag overrides (per command) over the global ones, section by section. */
export declare function mergeFlags(base: DeepPartial<BatonConfig>, extra: DeepPartial<BatonConfig>): DeepPartial<BatonConfig>;
