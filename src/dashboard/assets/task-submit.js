// @ts-check
// Submitting a task from the page (POST /v1/tasks), shared by the "run task"
// form and the task view's "run again" dialog, and the refusal shown when the
// API says no (400 with the context's problems, 404 for an unknown template).

import { api } from './api.js';
import { refusal } from './dom.js';
import { problemKey, problemsOf } from './schema-fields.js';

/** @typedef {import('./schema-fields.js').ContextProblem} ContextProblem */
/** @typedef {import('./types.js').Failure} Failure */
/** @typedef {{ namespace: string, name: string, version?: string, context: unknown, tags?: string[], priority?: number }} SubmitRequest */

/**
 * Submits one task; resolves to its id and status.
 * @param {SubmitRequest} request
 * @returns {Promise<import('./types.js').SubmitAnswer>}
 */
export function submitTask(request) {
  return api('/v1/tasks', { method: 'POST', body: request });
}

/**
 * A refused submit: the API's message and every problem it listed; `keys`
 * are the problems already shown beside their fields, left out of the list.
 * @param {Failure & { code?: string, details?: unknown }} err
 * @param {Set<string>} [keys]
 */
export function submitRefusal(err, keys = new Set()) {
  const problems = problemsOf(err.details).filter((p) => {
    const key = problemKey(p);
    return key === null || !keys.has(key);
  });
  return refusal('Not submitted', err, problems, { 'data-testid': 'submit-error', 'data-status': err.status ?? '', 'data-code': err.code ?? '' });
}
