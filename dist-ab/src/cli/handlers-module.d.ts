import type { HandlerRegistration } from '../worker/types.js';
/**
 * The registrations in one export, or a reason it is not a list of them.
 * Exported for tests.
 */
export declare function registrationsOf(value: unknown): {
    handlers: HandlerRegistration[];
} | {
    problem: string;
};
/**
 * Imports the module at `spec` (resolved against `cwd`) and returns its handlers.
 *
 * @throws CliError (exit 2) when the module is missing, fails to load, or
 *   exports no usable handler list, or lists one handler name twice.
 */
export declare function loadHandlersModule(spec: string, cwd: string): Promise<HandlerRegistration[]>;
