const SIGNALS = ['SIGINT', 'SIGTERM'];
/** Conventional 128 + signal number, so a forced stop is told apart from a clean exit. */
const FORCED_EXIT = { SIGINT: 130, SIGTERM: 143 };
/** Installs the handlers; call it before anything slow so an early Ctrl-C still stops cleanly. */
export function listenForShutdown(ctx, what) {
    let received;
    let resolveWait = () => { };
    const waiting = new Promise((resolve) => {
        resolveWait = resolve;
    });
    const handler = (signal) => {
        if (received !== undefined) {
            ctx.err(`${signal} again: exiting now without waiting for ${what} to stop`);
            process.exit(FORCED_EXIT[signal] ?? 1);
        }
        received = signal;
        ctx.err(`${signal}: stopping ${what} (send it again to exit at once)`);
        resolveWait(signal);
    };
    for (const s of SIGNALS)
        process.on(s, handler);
    return {
        wait: () => waiting,
        get requested() {
            return received !== undefined;
        },
        dispose() {
            for (const s of SIGNALS)
                process.off(s, handler);
        },
    };
}
//# sourceMappingURL=signals.js.map