import { type CommandSpec } from '../args.js';
export declare const commands: CommandSpec[];
