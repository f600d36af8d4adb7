/**
 * Wraps `target`. Start-up is short and logs nothing while it waits (on a
 * migration lock or a database connection), so there is no time limit: the
 * command releases after its banner, and in its `finally` when start-up fails.
 * `fd` is passed through so the pretty printer still sees a terminal.
 */
export function holdLines(target) {
    // undefined once released.
    let held = [];
    return {
        fd: target.fd,
        write(chunk) {
            if (held === undefined)
                target.write(chunk);
            else
                held.push(chunk);
        },
        release() {
            const lines = held;
            held = undefined;
            for (const chunk of lines ?? [])
                target.write(chunk);
        },
    };
}
//# sourceMappingURL=held-logs.js.map