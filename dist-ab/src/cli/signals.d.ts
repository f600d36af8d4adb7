/**
 * SIGINT/SIGTERM for the long-running commands: the first asks for a graceful
 * stop, a second one exits at once.
 */
import type { CliContext } from './args.js';
export interface ShutdownSignal {
    /** Resolves with the signal's name once the first signal arrives (at once if one already did). */
    wait(): Promise<NodeJS.Signals>;
    /** Whether a signal has arrived. */
    readonly requested: boolean;
    /** Removes the handlers. */
    dispose(): void;
}
/** Installs the handlers; call it before anything slow so an early Ctrl-C still stops cleanly. */
export declare function listenForShutdown(ctx: CliContext, what: string): ShutdownSignal;
