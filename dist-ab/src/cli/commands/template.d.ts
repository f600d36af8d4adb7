import { BatonError } from '../../errors.js';
import { type CliContext, type CommandSpec } from '../args.js';
/** `error: <file>: ...` and one line per issue. */
export declare function printTemplateError(label: string, err: BatonError, ctx: CliContext): void;
export declare const commands: CommandSpec[];
