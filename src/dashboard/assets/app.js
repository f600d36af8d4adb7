// @ts-check
// Shell of the dashboard: hash routes, the token panel and the live-feed
// indicator. Each view is `render(root, params, ctx)` and returns a cleanup
// function that closes its streams and timers when the user navigates away.

import { getToken, onUnauthorized, setToken } from './api.js';
import { renderFailures } from './failures-view.js';
import { renderOverview } from './overview-view.js';
import { renderRunForm } from './run-form.js';
import { renderSchedules } from './schedules-view.js';
import { renderTask } from './task-view.js';
import { renderTasks } from './tasks-view.js';
import { renderTemplate, renderTemplates } from './templates-view.js';
import { renderWorkers } from './workers-view.js';

/** @typedef {import('./types.js').FeedState} FeedState */

// index.html holds these elements: the casts name their types.
const view = /** @type {HTMLElement} */ (document.getElementById('view'));
const feed = /** @type {HTMLElement} */ (document.querySelector('[data-testid="feed-status"]'));
const panel = /** @type {HTMLElement} */ (document.getElementById('token-panel'));
const tokenInput = /** @type {HTMLInputElement} */ (document.getElementById('token-input'));
const tokenMessage = /** @type {HTMLElement} */ (document.getElementById('token-message'));
/** @type {() => void} */
let cleanup = () => {};

/** @type {Record<string, string>} */
const FEED_LABELS = {
  off: '○ not live',
  connecting: '◌ connecting',
  live: '● live',
  retrying: '◌ reconnecting',
  ended: '● finished',
  polling: '◐ polling',
};

/**
 * Shows the state of the current view's event stream in the top bar.
 * @param {FeedState} state
 */
function setFeed(state) {
  feed.dataset.state = state;
  feed.textContent = FEED_LABELS[state] ?? state;
}

/** @param {string} [message] */
function showTokenPanel(message) {
  tokenMessage.textContent = message ?? 'Enter a token to use this server.';
  panel.hidden = false;
  tokenInput.value = getToken();
  tokenInput.focus();
}

/** `#/tasks/ID?step=x` → { path: ['tasks', 'ID'], query: URLSearchParams }. */
function parseHash() {
  const raw = location.hash.replace(/^#\/?/, '');
  const [path, query = ''] = raw.split('?');
  return { path: path.split('/').filter(Boolean).map(decodeURIComponent), query: new URLSearchParams(query) };
}

/**
 * Changes the route; `replace` rewrites the current history entry (filters, paging).
 * @param {string} hash
 * @param {{ replace?: boolean }} [options]
 */
export function navigate(hash, { replace = false } = {}) {
  if (replace) {
    history.replaceState(null, '', hash);
    route();
  } else {
    location.hash = hash;
  }
}

function route() {
  cleanup();
  cleanup = () => {};
  setFeed('off');
  const { path, query } = parseHash();
  const section = path[0] ?? 'tasks';
  for (const link of /** @type {NodeListOf<HTMLElement>} */ (document.querySelectorAll('[data-nav]'))) {
    if (link.dataset.nav === section) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  view.replaceChildren();
  /** @type {import('./types.js').ViewContext} */
  const ctx = { setFeed, navigate, query };
  let done;
  if (section === 'tasks' && path[1]) done = renderTask(view, path[1], ctx);
  else if (section === 'overview') done = renderOverview(view, ctx);
  else if (section === 'failures') done = renderFailures(view, ctx);
  else if (section === 'workers') done = renderWorkers(view);
  else if (section === 'schedules') done = renderSchedules(view);
  else if (section === 'templates' && path[4] === 'run') done = renderRunForm(view, path.slice(1, 4), ctx);
  else if (section === 'templates' && path.length >= 3) done = renderTemplate(view, path.slice(1));
  else if (section === 'templates') done = renderTemplates(view);
  else done = renderTasks(view, ctx);
  cleanup = typeof done === 'function' ? done : () => {};
  document.title = `Baton · ${section}`;
}

onUnauthorized((message) => showTokenPanel(getToken() ? `The stored token was refused: ${message}` : `The server asks for a token: ${message}`));

/** @type {HTMLElement} */ (document.getElementById('token-button')).addEventListener('click', () => {
  if (panel.hidden) showTokenPanel(getToken() ? 'A token is stored; replace or forget it.' : 'No token is stored.');
  else panel.hidden = true;
});

/** @type {HTMLElement} */ (document.getElementById('token-form')).addEventListener('submit', (ev) => {
  ev.preventDefault();
  setToken(tokenInput.value.trim());
  panel.hidden = true;
  route();
});

/** @type {HTMLElement} */ (document.getElementById('token-clear')).addEventListener('click', () => {
  setToken('');
  tokenInput.value = '';
  panel.hidden = true;
  route();
});

window.addEventListener('hashchange', route);
route();
