// @ts-check
// A list page that reloads itself every few seconds (workers, schedules): it
// shows the rows of one GET, a message when the list is empty, and an error
// above the table when a load fails; a server without that API (404) gets a
// notice and no more polling.

import { api } from './api.js';
import { h, notice } from './dom.js';

/** @typedef {import('./types.js').Failure} Failure */

const REFRESH_MS = 5000;

/**
 * Loads `path` now and every 5 s into `tbody`.
 * @template T
 * @param {{
 *   path: string,
 *   noun: string,
 *   table: HTMLElement,
 *   tbody: HTMLElement,
 *   message: HTMLElement,
 *   rows: (body: any) => T[],
 *   row: (item: T) => HTMLElement,
 *   empty: string,
 *   columns: number,
 * }} list `noun` names the items in messages and test ids (`workers`: `workers-error`, `workers-unavailable`).
 * @returns {{ load: () => Promise<void>, stop: () => void }}
 */
export function refreshingList({ path, noun, table, tbody, message, rows, row, empty, columns }) {
  let stopped = false;
  /** @type {ReturnType<typeof setInterval> | undefined} */
  let timer = undefined;

  async function load() {
    try {
      const items = rows(await api(path));
      if (stopped) return;
      message.replaceChildren();
      tbody.replaceChildren(...items.map(row));
      if (items.length === 0) tbody.append(h('tr', {}, h('td', { colspan: columns, class: 'empty' }, empty)));
    } catch (e) {
      if (stopped) return;
      const err = /** @type {Failure} */ (e);
      if (err.status === 404) {
        table.hidden = true;
        clearInterval(timer);
        message.replaceChildren(notice(`This server does not offer the ${noun} API (GET ${path}), so ${noun} cannot be listed here.`, 'info', `${noun}-unavailable`));
      } else {
        message.replaceChildren(notice(`Could not load ${noun}: ${err.message}`, 'error', `${noun}-error`));
      }
    }
  }

  // load() reports its own failures on the page.
  void load();
  timer = setInterval(() => void load(), REFRESH_MS);
  return {
    load,
    stop() {
      stopped = true;
      clearInterval(timer);
    },
  };
}
