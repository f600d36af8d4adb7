import type { JsonObject } from '../../domain/types.js';
import { type CommandSpec } from '../args.js';
/** `ns/name` or `ns/name@version`. */
export declare function parseTemplateRef(ref: string): {
    namespace: string;
    name: string;
    version?: string;
};
/** `--context`: inline JSON, `@file`, or `@-` for standard input. Must be a JSON object. */
export declare function readContext(value: string | undefined, cwd: string, readStdin?: () => string): JsonObject;
export declare const commands: CommandSpec[];
