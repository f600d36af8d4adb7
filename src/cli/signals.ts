/**
 * SIGINT/SIGTERM for the long-running commands: the first asks for a graceful
 * stop, a second one exits at once.
 */
import type { CliContext } from './args.js';

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;
/** Conventional 128 + signal number, so a forced stop is told apart from a clean exit. */
const FORCED_EXIT = { SIGINT: 130, SIGTERM: 143 } as const;

export interface ShutdownSignal {
  /** Resolves with the signal's name once the first signal arrives (at once if one already did). */
  wait(): Promise<NodeJS.Signals>;
  /** Whether a signal has arrived. */
  readonly requested: boolean;
  /** Removes the handlers. */
  dispose(): void;
}

/** Installs the handlers; call it before anything slow so an early Ctrl-C still stops cleanly. */
export function listenForShutdown(ctx: CliContext, what: string): ShutdownSignal {
  let received: NodeJS.Signals | undefined;
  let resolveWait: (signal: NodeJS.Signals) => void = () => {};
  const waiting = new Promise<NodeJS.Signals>((resolve) => {
    resolveWait = resolve;
  });
  const handler = (signal: NodeJS.Signals) => {
    if (received !== undefined) {
      ctx.err(`${signal} again: exiting now without waiting for ${what} to stop`);
      process.exit(FORCED_EXIT[signal as (typeof SIGNALS)[number]] ?? 1);
    }
    received = signal;
    ctx.err(`${signal}: stopping ${what} (send it again to exit at once)`);
    resolveWait(signal);
  };
  for (const s of SIGNALS) process.on(s, handler);
  return {
    wait: () => waiting,
    get requested() {
      return received !== undefined;
    },
    dispose() {
      for (const s of SIGNALS) process.off(s, handler);
    },
  };
}
