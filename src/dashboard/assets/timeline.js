// @ts-check
// A task's timeline (Gantt): one row per step, one bar per attempt (its
// running time), with the time before each attempt shown for what it was:
// queued (ready, waiting for a worker), backoff (failed, ready again after its
// retry delay), waiting (a sleep, signal, event or child workflow) or held
// in error until an operator retried or resolved it. Built
// from the task's transitions as its event stream delivers them (the stream
// replays the whole history first), so it follows the task live; a step with
// no transition received (polling, or a pruned history) gets one bar from its
// start and finish times.

import { formatClock, formatDuration, h } from './dom.js';

/** @typedef {import('./types.js').StepView} StepView */
/** @typedef {import('./types.js').ReceivedEvent} ReceivedEvent */
/** @typedef {import('./types.js').TaskDetail} TaskDetail */
/**
 * One bar: `run` is an attempt (its `outcome` is the state it ended in, or
 * null while it runs), the others the time the step spent between attempts.
 * `open` bars end at `now` and grow while the task is live.
 * @typedef {{ kind: 'queued' | 'backoff' | 'wait' | 'halted' | 'run', startMs: number, endMs: number, open: boolean,
 *   attempt: number | null, outcome: string | null, reason: string | null, endReason: string | null, worker: string | null }} Segment
 */
/** @typedef {{ name: string, state: string, attempts: number, segments: Segment[] }} TimelineRow */

/** Parses an ISO time; NaN stays NaN (the caller skips it). */
const ms = (/** @type {string | null | undefined} */ iso) => (iso ? Date.parse(iso) : NaN);

/**
 * The segments of one step from its transitions, oldest first.
 * @param {ReceivedEvent[]} transitions the step's transitions, in the stream's order
 * @param {number} endMs where a segment still open ends (now, or the task's finish)
 * @param {boolean} live whether open segments are still growing
 * @returns {Segment[]}
 */
function stepSegments(transitions, endMs, live) {
  /** @type {Segment[]} */
  const out = [];
  /** @type {Segment | null} */
  let open = null;
  for (const ev of transitions) {
    const at = ms(ev.at);
    if (Number.isNaN(at)) continue;
    if (open) {
      open.endMs = at;
      open.open = false;
      open.outcome = ev.to;
      open.endReason = ev.reason;
      out.push(open);
      open = null;
    }
    /** @type {Segment['kind'] | null} */
    let kind = null;
    if (ev.to === 'running') kind = 'run';
    else if (ev.to === 'waiting') kind = 'wait';
    // Ready after a failed attempt is the retry's backoff; ready for any other reason (dependencies done, an operator's retry) is queueing.
    else if (ev.to === 'ready') kind = ev.from === 'failed' ? 'backoff' : 'queued';
    else if (ev.to === 'error') kind = 'halted';
    if (kind) {
      open = {
        kind,
        startMs: at,
        endMs: at,
        open: true,
        attempt: kind === 'run' ? (ev.attempt ?? null) : null,
        outcome: null,
        reason: ev.reason,
        endReason: null,
        worker: ev.worker ?? null,
      };
    }
  }
  // A step still in error ends there: it is drawn in error only once an operator moved it on.
  if (open && open.kind !== 'halted') {
    open.endMs = Math.max(open.startMs, endMs);
    open.open = live;
    out.push(open);
  }
  return out;
}

/**
 * The timeline's rows: the task's steps in order (and any step only the events name yet), each with its segments.
 * @param {Pick<TaskDetail, 'steps' | 'status' | 'finished_at'> | null} task
 * @param {ReceivedEvent[]} events the task's events as received
 * @param {number} nowMs
 * @param {boolean} live whether the task is still live (its open segments grow)
 * @returns {TimelineRow[]}
 */
export function buildTimeline(task, events, nowMs, live) {
  /** @type {Map<string, ReceivedEvent[]>} */
  const byStep = new Map();
  for (const ev of events) {
    if (ev.type !== 'transition' || !ev.step) continue;
    const list = byStep.get(ev.step);
    if (list) list.push(ev);
    else byStep.set(ev.step, [ev]);
  }
  const finished = ms(task?.finished_at);
  const endMs = live || Number.isNaN(finished) ? nowMs : finished;
  /** @type {TimelineRow[]} */
  const rows = [];
  const known = new Set();
  for (const step of task?.steps ?? []) {
    known.add(step.name);
    const transitions = byStep.get(step.name);
    let segments = transitions ? stepSegments(transitions, endMs, live) : [];
    if (segments.length === 0 && step.started_at) {
      // No transition received: the step's own times, as one attempt.
      const start = ms(step.started_at);
      const end = step.finished_at ? ms(step.finished_at) : endMs;
      const running = !step.finished_at;
      segments = Number.isNaN(start)
        ? []
        : [
            {
              kind: step.state === 'waiting' ? 'wait' : 'run',
              startMs: start,
              endMs: Math.max(start, end),
              open: running && live,
              attempt: step.attempts || null,
              outcome: running ? null : step.state,
              reason: null,
              endReason: null,
              worker: step.worker,
            },
          ];
    }
    rows.push({ name: step.name, state: step.state, attempts: step.attempts, segments });
  }
  for (const [name, transitions] of byStep) {
    if (known.has(name)) continue;
    const last = transitions[transitions.length - 1];
    const attempts = transitions.reduce((most, ev) => Math.max(most, ev.attempt ?? 0), 0);
    rows.push({ name, state: last.to ?? 'pending', attempts, segments: stepSegments(transitions, endMs, live) });
  }
  return rows;
}

/**
 * Tick spacing for a span: 1, 2 or 5 times a power of ten, about `count` ticks.
 * @param {number} spanMs
 * @param {number} [count]
 */
export function tickStep(spanMs, count = 6) {
  const raw = Math.max(spanMs / count, 1);
  const power = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5, 10]) if (m * power >= raw) return m * power;
  return 10 * power;
}

/** @param {number} value in ms, from the timeline's start */
function tickLabel(value) {
  if (value === 0) return '0';
  if (value < 1000) return `+${value} ms`;
  if (value < 60_000) return `+${Number((value / 1000).toFixed(2))} s`;
  if (value < 3_600_000) return `+${Number((value / 60_000).toFixed(1))} m`;
  return `+${Number((value / 3_600_000).toFixed(1))} h`;
}

/** @type {Record<Segment['kind'], string>} */
const KIND_TITLES = { queued: 'Queued, waiting for a worker', backoff: 'Backoff before the retry', wait: 'Waiting', halted: 'In error', run: 'Running' };

/** @param {Segment} seg */
function describe(seg) {
  const span = `${formatClock(new Date(seg.startMs).toISOString())} → ${seg.open ? 'now' : formatClock(new Date(seg.endMs).toISOString())}`;
  const duration = formatDuration(new Date(seg.startMs).toISOString(), new Date(seg.endMs).toISOString());
  if (seg.kind === 'run') {
    const outcome = seg.open ? 'running' : seg.outcome === 'ready' ? 'released (back to ready)' : (seg.outcome ?? '');
    const why = seg.endReason && seg.outcome !== 'complete' ? `\n${seg.endReason}` : '';
    return `Attempt ${seg.attempt ?? '?'} · ${outcome} · ${duration}\n${span}${seg.worker ? `\nworker ${seg.worker}` : ''}${why}`;
  }
  const label = seg.kind === 'halted' ? `In error until ${seg.outcome === 'ready' ? 'retried' : (seg.outcome ?? 'moved on')} by an operator` : KIND_TITLES[seg.kind];
  return `${label} · ${duration}\n${span}${seg.reason ? `\n${seg.reason}` : ''}`;
}

/** The class of a bar: its kind, and for an attempt the state it ended in. @param {Segment} seg */
function barClass(seg) {
  if (seg.kind !== 'run') return `tl-bar tl-${seg.kind}${seg.open ? ' tl-open' : ''}`;
  const state = seg.open ? 'running' : seg.outcome === 'ready' ? 'failed' : (seg.outcome ?? 'running');
  return `tl-bar tl-run state-${state}${seg.open ? ' tl-open' : ''}`;
}

/**
 * The timeline panel: `update(task, events)` redraws it in place (rows and bars
 * are kept and moved, so nothing jumps and a hovered bar keeps its tooltip);
 * while the task is live it redraws itself every second so running bars grow.
 * Clicking a step's name calls `onSelect`.
 * @param {{ onSelect?: (name: string) => void, now?: () => number }} [options]
 */
export function createTimeline({ onSelect, now = Date.now } = {}) {
  const axis = h('div', { class: 'tl-axis', 'aria-hidden': 'true' });
  const rowsBox = h('div', { class: 'tl-rows', role: 'list' });
  const empty = h('p', { class: 'muted tl-empty', 'data-testid': 'timeline-empty' }, 'No step has started yet.');
  const legend = h(
    'div',
    { class: 'tl-legend', 'aria-hidden': 'true' },
    [
      ['tl-run state-complete', 'attempt'],
      ['tl-run state-failed', 'failed attempt'],
      ['tl-backoff', 'backoff'],
      ['tl-wait', 'waiting'],
      ['tl-queued', 'queued'],
      ['tl-halted', 'in error'],
    ].map(([cls, text]) => h('span', {}, h('span', { class: `tl-swatch ${cls}` }), text)),
  );
  const element = h(
    'section',
    { class: 'timeline-panel', 'aria-label': 'Timeline of step attempts', 'data-testid': 'timeline' },
    h('div', { class: 'tl-head' }, h('h2', {}, 'Timeline'), legend),
    axis,
    rowsBox,
    empty,
  );
  /** @type {Map<string, { row: HTMLElement, label: HTMLElement, track: HTMLElement, bars: HTMLElement[] }>} */
  const rows = new Map();
  /** @type {Pick<TaskDetail, 'steps' | 'status' | 'finished_at'> | null} */
  let lastTask = null;
  /** @type {ReceivedEvent[]} */
  let lastEvents = [];
  let live = false;
  let selected = '';
  /** @type {ReturnType<typeof setInterval> | undefined} */
  let ticker = undefined;
  let frame = 0;

  /** @param {string} name */
  function rowFor(name) {
    let entry = rows.get(name);
    if (!entry) {
      const label = h(
        'button',
        { type: 'button', class: 'tl-label', title: `Show step ${name}`, onclick: () => onSelect?.(name) },
        h('span', { class: 'tl-name' }, name),
        h('span', { class: 'tl-count muted' }),
      );
      const track = h('div', { class: 'tl-track' });
      const row = h('div', { class: 'tl-row', role: 'listitem', 'data-testid': `timeline-row-${name}`, 'data-step': name }, label, track);
      entry = { row, label, track, bars: [] };
      rows.set(name, entry);
    }
    return entry;
  }

  function draw() {
    frame = 0;
    const nowMs = now();
    const data = buildTimeline(lastTask, lastEvents, nowMs, live);
    const all = data.flatMap((r) => r.segments);
    empty.hidden = all.length > 0;
    axis.hidden = all.length === 0;
    // A loop, not Math.min(...): a fan-out's thousands of bars would overflow the call's arguments.
    let t0 = all.length ? Infinity : nowMs;
    let t1 = all.length ? -Infinity : nowMs;
    for (const sg of all) {
      t0 = Math.min(t0, sg.startMs);
      t1 = Math.max(t1, sg.endMs);
    }
    const span = Math.max(t1 - t0, 1);
    const pct = (/** @type {number} */ t) => `${(((t - t0) / span) * 100).toFixed(3)}%`;

    const step = tickStep(span);
    /** @type {HTMLElement[]} */
    const ticks = [];
    for (let v = 0; v <= span; v += step) {
      // A label near the right edge ends there rather than spill past the track.
      const tick = h('span', { class: v / span > 0.92 ? 'tl-tick tl-tick-end' : 'tl-tick' }, tickLabel(v));
      tick.style.left = pct(t0 + v);
      ticks.push(tick);
    }
    axis.replaceChildren(h('span', { class: 'tl-axis-pad' }), h('div', { class: 'tl-axis-track' }, ticks));

    const seen = new Set();
    data.forEach((r, i) => {
      seen.add(r.name);
      const entry = rowFor(r.name);
      if (rowsBox.children[i] !== entry.row) rowsBox.insertBefore(entry.row, rowsBox.children[i] ?? null);
      entry.row.dataset.state = r.state;
      entry.row.classList.toggle('selected', r.name === selected);
      const runs = r.segments.filter((sg) => sg.kind === 'run').length;
      /** @type {HTMLElement} */ (entry.label.lastChild).textContent = runs > 1 ? ` ×${runs}` : '';
      r.segments.forEach((seg, n) => {
        let bar = entry.bars[n];
        if (!bar) {
          bar = h('span', { 'data-testid': 'timeline-bar' });
          entry.bars.push(bar);
          entry.track.append(bar);
        }
        const cls = barClass(seg);
        if (bar.className !== cls) bar.className = cls;
        bar.dataset.kind = seg.kind;
        bar.dataset.attempt = seg.attempt === null ? '' : String(seg.attempt);
        bar.dataset.outcome = seg.outcome ?? (seg.open ? 'open' : '');
        const title = describe(seg);
        if (bar.title !== title) bar.title = title;
        // CSSOM, not a style attribute: the page's content security policy allows only the stylesheet.
        bar.style.left = pct(seg.startMs);
        bar.style.width = `${(((seg.endMs - seg.startMs) / span) * 100).toFixed(3)}%`;
      });
      for (const bar of entry.bars.splice(r.segments.length)) bar.remove();
    });
    for (const [name, entry] of rows) {
      if (seen.has(name)) continue;
      entry.row.remove();
      rows.delete(name);
    }
  }

  const schedule = () => {
    frame ||= requestAnimationFrame(draw);
  };

  return {
    element,
    /**
     * @param {Pick<TaskDetail, 'steps' | 'status' | 'finished_at'> | null} task
     * @param {ReceivedEvent[]} events
     * @param {boolean} isLive whether the task is still live
     */
    update(task, events, isLive) {
      lastTask = task;
      lastEvents = events;
      live = isLive;
      if (live && ticker === undefined) ticker = setInterval(schedule, 1000);
      if (!live && ticker !== undefined) {
        clearInterval(ticker);
        ticker = undefined;
      }
      schedule();
    },
    /** @param {string | null} name */
    select(name) {
      selected = name ?? '';
      for (const [n, entry] of rows) entry.row.classList.toggle('selected', n === selected);
    },
    close() {
      clearInterval(ticker);
      ticker = undefined;
      cancelAnimationFrame(frame);
    },
  };
}
