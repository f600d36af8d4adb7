/**
 * Follows a task's event stream in the terminal: redrawn in place on a TTY,
 * appended lines otherwise, or one JSON event per line.
 */
import { TERMINAL_TASK_STATUSES } from '../domain/state-machine.js';
import { applyEvent, describeEvent, emptyWatchState, renderWatch, watchStateFromTask } from './watch-render.js';
const TERMINAL = new Set(TERMINAL_TASK_STATUSES);
/** Redraws a block of lines in place with ANSI cursor movement. */
export class InPlaceDrawer {
    write;
    columns;
    drawn = 0;
    constructor(write, columns) {
        this.write = write;
        this.columns = columns;
    }
    draw(lines) {
        // Up to the first line drawn last time, clear to the end of the screen, draw again.
        const up = this.drawn > 0 ? `\x1b[${this.drawn}F` : '';
        const cut = lines.map((l) => (l.length >= this.columns ? `${l.slice(0, this.columns - 2)}…` : l));
        this.write(`${up}\x1b[J${cut.join('\n')}\n`);
        this.drawn = cut.length;
    }
}
/**
 * Streams the task's events until its end and returns its final status. The
 * stream replays the task from its first event, so a finished task is shown
 * whole too.
 */
export async function watchTask(client, taskId, opts) {
    let state;
    let drawer;
    let timer;
    // The first draw waits a moment, so that the replay of a running task is drawn caught up.
    let lastDraw = Date.now();
    const redrawMs = opts.redrawMs ?? 100;
    if (opts.mode === 'json') {
        state = emptyWatchState(taskId);
    }
    else {
        // The snapshot lists every step (also those no event has touched yet) with its most attempts.
        state = watchStateFromTask(await client.get(taskId));
        if (opts.mode === 'tty' && opts.write)
            drawer = new InPlaceDrawer(opts.write, opts.columns ?? 100);
    }
    const redraw = () => {
        clearTimeout(timer);
        timer = undefined;
        lastDraw = Date.now();
        drawer.draw(renderWatch(state));
    };
    // Running steps' durations tick even when no event arrives.
    const ticker = drawer ? setInterval(redraw, 1000) : undefined;
    let status;
    try {
        for await (const event of client.events(taskId, opts.signal ? { signal: opts.signal } : {})) {
            applyEvent(state, event);
            if (event.event === 'end')
                status = event.data.status;
            if (opts.mode === 'json')
                opts.line(JSON.stringify(event));
            else if (drawer) {
                if (Date.now() - lastDraw >= redrawMs)
                    redraw();
                else
                    timer ??= setTimeout(redraw, redrawMs);
            }
            else {
                const text = describeEvent(state, event);
                if (text !== null)
                    opts.line(text);
            }
        }
    }
    finally {
        clearInterval(ticker);
        clearTimeout(timer);
    }
    if (drawer)
        redraw();
    const final = status ?? state.status;
    return (TERMINAL.has(final) ? final : 'error');
}
//# sourceMappingURL=watch-stream.js.map