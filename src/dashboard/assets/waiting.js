// @ts-check
// What a waiting step waits for, in words: shared by the graph's nodes and the
// step details, so both say the same thing.

import { formatTime } from './dom.js';

/** @typedef {import('./types.js').WaitingView} WaitingView */

/**
 * What ends the wait: `sleep`, `signal "approval"`, `event "payment.received" key "42"` or `child workflow billing/invoice`.
 * @param {WaitingView} waiting
 */
export function waitTarget(waiting) {
  if (waiting.for === 'sleep') return 'sleep';
  if (waiting.for === 'signal') return `signal "${waiting.name ?? ''}"`;
  if (waiting.for === 'workflow') return `child workflow ${waiting.name ?? ''}`;
  return `event "${waiting.name ?? ''}" key "${waiting.key ?? ''}"`;
}

/**
 * When the wait ends by itself: the sleep's end or the timeout; 'no timeout' when it waits forever.
 * @param {WaitingView} waiting
 */
export function waitDeadline(waiting) {
  if (!waiting.until) return 'no timeout';
  return `${waiting.for === 'sleep' ? 'until' : 'times out'} ${formatTime(waiting.until)}`;
}

/**
 * One sentence for the step details: `Waiting for signal "approval"; times out 5/6/2025, 10:00:00.`
 * @param {WaitingView} waiting
 */
export function describeWait(waiting) {
  if (waiting.for === 'sleep') return waiting.until ? `Sleeping until ${formatTime(waiting.until)}.` : 'Sleeping.';
  return `Waiting for ${waitTarget(waiting)}; ${waitDeadline(waiting)}.`;
}

/**
 * A compact time for a graph node: the clock today, else the date and the clock without seconds.
 * @param {string} iso
 */
export function shortTime(iso) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const sameDay = d.toDateString() === new Date().toDateString();
  return sameDay ? d.toLocaleTimeString([], { hour12: false }) : d.toLocaleString([], { dateStyle: 'short', timeStyle: 'short', hour12: false });
}
