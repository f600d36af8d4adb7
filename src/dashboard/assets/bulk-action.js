// @ts-check
// Cancel or retry many tasks at once, in three steps the user sees: what it
// would act on (a dry run of the filter, or the list of selected tasks), a
// confirmation, then what changed. A filter goes to the bulk routes
// (POST /v1/tasks/cancel, /v1/tasks/retry); the bulk API takes no task ids, so
// tasks picked one by one go through the single-task routes, one request each.

import { api } from './api.js';
import { h, notice, shortId } from './dom.js';

/** @typedef {import('./types.js').BulkFilter} BulkFilter */
/** @typedef {import('./types.js').BulkFailure} BulkFailure */
/** @typedef {import('./types.js').Failure} Failure */
/** @typedef {'cancel' | 'retry'} BulkAction */
/**
 * What to act on: every task a filter matches, or the tasks picked by id. `what` names them in the
 * panel ("tasks matching tag billing"); `note` adds a caveat to the confirmation.
 * @typedef {{ action: BulkAction, what: string, note?: string } & ({ filter: BulkFilter, ids?: undefined } | { ids: string[], filter?: undefined })} BulkRequest
 */
/** What a run changed, from the bulk route or added up over single-task calls. @typedef {{ changed: number, skipped: number, failed: BulkFailure[], failed_count: number, truncated?: boolean }} BulkOutcome */

/** The most tasks acted on one by one (one request each); more should be selected by filter. */
export const MAX_BY_ID = 200;

const WORDS = {
  cancel: { style: 'danger', verb: 'Cancel', doing: 'Cancelling', done: 'cancelled', eligible: 'live tasks (pending, running, waiting for retry)' },
  retry: { style: '', verb: 'Retry the failed steps of', doing: 'Retrying the failed steps of', done: 'retried', eligible: 'tasks with a step in error' },
};

/** @param {number} n */
const tasks = (n) => `${n} task${n === 1 ? '' : 's'}`;

/**
 * @param {unknown} e
 * @returns {BulkFailure['code']}
 */
const codeOf = (e) => /** @type {{ code?: string }} */ (e).code ?? 'network';

/**
 * Cancels one task by id: changed, or skipped when it had finished (409) or was cancelled already.
 * @param {string} id
 * @returns {Promise<boolean>}
 */
async function cancelById(id) {
  try {
    /** @type {import('./types.js').CancelAnswer} */
    const answer = await api(`/v1/tasks/${encodeURIComponent(id)}/cancel`, { method: 'POST' });
    return answer.changed;
  } catch (e) {
    if (/** @type {Failure} */ (e).status === 409) return false;
    throw e;
  }
}

/**
 * Retries every step of one task that is in error (the operator retry of each): false when it has none.
 * @param {string} id
 * @returns {Promise<boolean>}
 */
async function retryById(id) {
  /** @type {import('./types.js').TaskAnswer} */
  const { task } = await api(`/v1/tasks/${encodeURIComponent(id)}`);
  const errored = task.steps.filter((st) => st.state === 'error');
  let changed = false;
  for (const step of errored) {
    try {
      await api(`/v1/tasks/${encodeURIComponent(id)}/steps/${encodeURIComponent(step.name)}/retry`, { method: 'POST' });
      changed = true;
    } catch (e) {
      // 409: the step left `error` since the read (retried by someone else, or the task was cancelled).
      if (/** @type {Failure} */ (e).status !== 409) throw e;
    }
  }
  return changed;
}

/**
 * The panel that runs a `BulkRequest`. `start(request)` shows it (a later start supersedes an
 * earlier one still counting or running, whose answer is then ignored); `onDone(outcome)` hears
 * each finished run, so the page can reload what it lists.
 * @param {{ testid?: string, onDone?: (outcome: BulkOutcome) => void }} [options]
 */
export function createBulkPanel({ testid = 'bulk-panel', onDone = () => {} } = {}) {
  const element = h('section', { class: 'bulk-panel', 'data-testid': testid, 'aria-live': 'polite', hidden: true });
  let generation = 0;

  /**
   * @param {string} phase
   * @param {...import('./types.js').Child} children
   */
  function show(phase, ...children) {
    element.hidden = false;
    element.dataset.phase = phase;
    element.replaceChildren(h('div', { class: 'bulk-body' }, ...children));
  }

  function close() {
    generation++;
    element.hidden = true;
    element.removeAttribute('data-phase');
    element.replaceChildren();
  }

  const closeButton = (label = 'Close') => h('button', { type: 'button', class: 'ghost', 'data-testid': 'bulk-close', onclick: close }, label);

  /**
   * @param {BulkRequest} request
   * @param {unknown} e
   */
  function showError(request, e) {
    const err = /** @type {Failure} */ (e);
    show('error', notice(`Could not ${request.action} ${request.what}: ${err.message}`, 'error', 'bulk-error'), h('div', { class: 'actions' }, closeButton()));
  }

  /**
   * @param {BulkRequest} request
   * @param {BulkOutcome} outcome
   */
  function showOutcome(request, outcome) {
    const words = WORDS[request.action];
    const more = outcome.failed_count - outcome.failed.length;
    show(
      'done',
      h(
        'p',
        {
          class: `notice ${outcome.failed_count > 0 ? 'warn' : 'info'}`,
          'data-testid': 'bulk-result',
          'data-changed': outcome.changed,
          'data-skipped': outcome.skipped,
          'data-failed': outcome.failed_count,
        },
        `${tasks(outcome.changed)} ${words.done}, ${outcome.skipped} skipped (nothing to do by then), ${outcome.failed_count} failed.`,
        outcome.truncated ? ' More tasks match than one run takes: run it again for the rest.' : '',
      ),
      outcome.failed.length > 0
        ? h(
            'ul',
            { class: 'problems', 'data-testid': 'bulk-failures' },
            outcome.failed.map((f) => h('li', {}, h('a', { href: `#/tasks/${encodeURIComponent(f.task_id)}` }, shortId(f.task_id)), ` ${f.code}: ${f.message}`)),
            more > 0 ? h('li', { class: 'muted' }, `and ${more} more`) : '',
          )
        : '',
      h('div', { class: 'actions' }, closeButton()),
    );
    onDone(outcome);
  }

  /**
   * Runs a filter through the bulk route.
   * @param {BulkRequest & { filter: BulkFilter }} request
   * @param {number} run
   */
  async function runFilter(request, run) {
    show('running', h('p', {}, `${WORDS[request.action].doing} ${request.what}…`));
    try {
      /** @type {import('./types.js').BulkResultAnswer} */
      const result = await api(`/v1/tasks/${request.action}`, { method: 'POST', body: { filter: request.filter } });
      if (run === generation) showOutcome(request, result);
    } catch (e) {
      if (run === generation) showError(request, e);
    }
  }

  /**
   * Runs the tasks picked by id through the single-task routes, one after another.
   * @param {BulkRequest & { ids: string[] }} request
   * @param {number} run
   */
  async function runIds(request, run) {
    const apply = request.action === 'cancel' ? cancelById : retryById;
    /** @type {BulkOutcome} */
    const outcome = { changed: 0, skipped: 0, failed: [], failed_count: 0 };
    const progress = h('p', { 'data-testid': 'bulk-progress' });
    show('running', progress);
    for (const [i, id] of request.ids.entries()) {
      // Closed or superseded: stop sending (what was sent stays done, as the result would say).
      if (run !== generation) return;
      progress.textContent = `${WORDS[request.action].doing} ${request.what}: ${i + 1} of ${request.ids.length}…`;
      try {
        if (await apply(id)) outcome.changed++;
        else outcome.skipped++;
      } catch (e) {
        outcome.failed_count++;
        outcome.failed.push({ task_id: id, code: codeOf(e), message: /** @type {Failure} */ (e).message });
      }
    }
    if (run === generation) showOutcome(request, outcome);
  }

  /** @param {BulkRequest} request */
  async function start(request) {
    const run = ++generation;
    const words = WORDS[request.action];
    const note = request.note ? h('p', { class: 'muted' }, request.note) : '';
    const back = closeButton('Back');
    if (request.ids) {
      const ids = request.ids.slice(0, MAX_BY_ID);
      const confirm = h(
        'button',
        { type: 'button', class: words.style, 'data-testid': 'bulk-confirm', onclick: () => void runIds({ ...request, ids }, run) },
        `${words.verb} ${tasks(ids.length)}`,
      );
      show(
        'confirm',
        h('p', { 'data-testid': 'bulk-count', 'data-matched': ids.length }, `${words.verb} ${request.what}?`),
        h('p', { class: 'muted' }, `Tasks picked one by one are sent one request each (at most ${MAX_BY_ID}); to act on more, select all matching a filter.`),
        note,
        h('div', { class: 'actions' }, confirm, back),
      );
      confirm.focus();
      return;
    }
    show('counting', h('p', {}, `Counting ${request.what}…`));
    try {
      /** @type {import('./types.js').BulkPreviewAnswer} */
      const preview = await api(`/v1/tasks/${request.action}`, { method: 'POST', body: { filter: request.filter, dry_run: true } });
      if (run !== generation) return;
      if (preview.matched === 0) {
        show('confirm', h('p', { 'data-testid': 'bulk-count', 'data-matched': 0 }, `No task matches: ${words.eligible} only.`), note, h('div', { class: 'actions' }, back));
        return;
      }
      const filter = request.filter;
      const confirm = h(
        'button',
        { type: 'button', class: words.style, 'data-testid': 'bulk-confirm', onclick: () => void runFilter({ ...request, filter }, run) },
        `${words.verb} ${tasks(preview.matched)}`,
      );
      show(
        'confirm',
        h(
          'p',
          { 'data-testid': 'bulk-count', 'data-matched': preview.matched },
          `${tasks(preview.matched)} match (${words.eligible} only): ${words.verb.toLowerCase()} ${request.what}?`,
        ),
        preview.truncated ? h('p', { class: 'notice warn' }, `One run acts on the oldest ${preview.limit}; run it again for the rest.`) : '',
        note,
        h(
          'p',
          { class: 'sample', 'data-testid': 'bulk-sample' },
          h('span', { class: 'muted' }, preview.sample.length < preview.matched ? 'The oldest: ' : 'They are: '),
          preview.sample.map((t) => [h('a', { href: `#/tasks/${encodeURIComponent(t.id)}`, title: `${t.namespace}/${t.name} · ${t.status}` }, shortId(t.id)), ' ']),
        ),
        h('div', { class: 'actions' }, confirm, back),
      );
      confirm.focus();
    } catch (e) {
      if (run === generation) showError(request, e);
    }
  }

  return { element, start, close };
}
