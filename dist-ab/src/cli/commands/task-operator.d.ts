import type { JsonValue } from '../../domain/types.js';
import { type CommandSpec } from '../args.js';
/** A JSON flag value, inline or `@file`; undefined when the flag is absent. */
export declare function readJsonFlag(value: string | undefined, cwd: string, flag: string, command: string): JsonValue | undefined;
export declare const retryStep: CommandSpec;
export declare const resolveStep: CommandSpec;
export declare const signal: CommandSpec;
