// @ts-check
// DOM helpers. Every value from the API goes in through textContent or an
// attribute, never through innerHTML, so task data cannot inject markup.

const SVG_NS = 'http://www.w3.org/2000/svg';

/**
 * An attribute's value: `on<event>` takes a listener; `text` sets the text;
 * `true` sets an empty attribute; `undefined`, `null` and `false` leave it out.
 * @typedef {string | number | boolean | null | undefined | ((ev: Event) => void)} AttrValue
 */
/** @typedef {Record<string, AttrValue>} Attrs */
/** @typedef {import('./types.js').Child} Child */
/** A term and its value for `facts`. @typedef {[string, Child]} Fact */

/**
 * @template {Element} E
 * @param {E} el
 * @param {Attrs | null | undefined} attrs
 * @param {unknown[]} children the `Child` values of `h` or `s` (typed loosely here: TypeScript cannot flatten a recursive type)
 * @returns {E}
 */
function build(el, attrs, children) {
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (key === 'text') el.textContent = String(value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    // Not a node, so text (a `Child`): a string, number or boolean.
    // eslint-disable-next-line @typescript-eslint/no-base-to-string
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/**
 * An HTML element: h('button', { type: 'button', onclick }, 'Cancel').
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Attrs | null} [attrs]
 * @param {...Child} children
 * @returns {HTMLElementTagNameMap[K]}
 */
export function h(tag, attrs, ...children) {
  return build(document.createElement(tag), attrs, children);
}

/**
 * An SVG element.
 * @template {keyof SVGElementTagNameMap} K
 * @param {K} tag
 * @param {Attrs | null} [attrs]
 * @param {...Child} children
 * @returns {SVGElementTagNameMap[K]}
 */
export function s(tag, attrs, ...children) {
  return build(document.createElementNS(SVG_NS, tag), attrs, children);
}

/**
 * A status or state pill, coloured by the stylesheet.
 * @param {string} state
 * @param {string} [testid]
 */
export function badge(state, testid) {
  return h('span', { class: `badge state-${state}`, 'data-state': state, 'data-testid': testid }, state.replaceAll('_', ' '));
}

/**
 * Formats a timestamp as local date and time; '—' when absent.
 * @param {string | null | undefined} iso
 */
export function formatTime(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString();
}

/**
 * Time of day with milliseconds, for event lists (the full date is in the title).
 * @param {string} iso
 */
export function formatClock(iso) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso ?? '—';
  return `${d.toLocaleTimeString([], { hour12: false })}.${String(d.getMilliseconds()).padStart(3, '0')}`;
}

/**
 * A human duration between two timestamps (the second defaults to now).
 * @param {string | null | undefined} fromIso
 * @param {string | null} [toIso]
 */
export function formatDuration(fromIso, toIso) {
  if (!fromIso) return '—';
  const ms = (toIso ? new Date(toIso) : new Date()).getTime() - new Date(fromIso).getTime();
  if (!Number.isFinite(ms) || ms < 0) return '—';
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const m = Math.floor(ms / 60_000);
  if (m < 60) return `${m} m ${Math.round((ms % 60_000) / 1000)} s`;
  return `${Math.floor(m / 60)} h ${m % 60} m`;
}

/**
 * Pretty JSON in a scrollable block.
 * @param {unknown} value
 * @param {string} [testid]
 */
export function jsonBlock(value, testid) {
  return h('pre', { class: 'json', 'data-testid': testid }, value === undefined ? '—' : JSON.stringify(value, null, 2));
}

/**
 * A definition list from [term, value] pairs; values may be nodes. Pairs that are `null` are left out.
 * @param {Array<Fact | null>} pairs
 */
export function facts(pairs) {
  return h(
    'dl',
    { class: 'facts' },
    pairs.filter((pair) => !!pair).map(([term, value]) => [h('dt', {}, term), h('dd', {}, value ?? '—')]),
  );
}

/**
 * A notice box (info or error).
 * @param {string} text
 * @param {'info' | 'warn' | 'error'} [kind]
 * @param {string} [testid]
 */
export function notice(text, kind = 'info', testid) {
  return h('div', { class: `notice ${kind}`, role: kind === 'error' ? 'alert' : 'status', 'data-testid': testid }, text);
}

/**
 * An API error's status and code for a message, as ` (HTTP 400 invalid_signal)`; '' without a status (the request never got an answer).
 * @param {{ status?: number, code?: string }} err
 */
export function httpStatusOf(err) {
  return err.status ? ` (HTTP ${err.status}${err.code ? ` ${err.code}` : ''})` : '';
}

/**
 * An alert for an API's refusal: `<lead> (HTTP <status> <code>): <message>`,
 * then the problems it listed (where, and what is wrong), if any.
 * @param {string} lead what did not happen, as 'Not sent'
 * @param {{ message: string, status?: number, code?: string }} err
 * @param {Array<{ path: string, message: string }>} problems
 * @param {Attrs} attrs the box's test id and data attributes
 */
export function refusal(lead, err, problems, attrs) {
  return h(
    'div',
    { class: 'notice error', role: 'alert', ...attrs },
    `${lead}${httpStatusOf(err)}: ${err.message}`,
    problems.length > 0
      ? h(
          'ul',
          { class: 'problems' },
          problems.map((p) => h('li', {}, h('code', {}, p.path || '/'), ` ${p.message}`)),
        )
      : '',
  );
}

/**
 * Shortens a uuid for display; the full id stays in the title. Task ids are
 * version 7: their first digits are the submission time (the first 8 change
 * once a minute), so the short form keeps them, for searching by prefix, and
 * the last 4, random, which tell apart the tasks of one minute. Worker ids
 * (random uuids) take the same form; an id of 12 characters or fewer shows
 * whole.
 * @param {string} id
 */
export function shortId(id) {
  const text = id.length > 12 ? `${id.slice(0, 8)}…${id.slice(-4)}` : id;
  return h('code', { title: id }, text);
}
