// @ts-check
// Follows one task's event stream for the task view. Where the stream is
// unavailable the view is polled instead. A task's stream ends with the task;
// an operator's retry or resolve reopens the task, and the stream is then
// followed again from where it ended (nothing replayed, nothing missed).

import { feedWithPolling, followEvents } from './api.js';

/** @typedef {import('./types.js').StreamData} StreamData */

const POLL_MS = 2000;

/**
 * Follows the events of task `id`: `onEvent` hears each event of this task
 * (events without data or of another task are dropped); `poll` runs every
 * 2 s while the stream is unavailable, until it returns false.
 * @param {string} id
 * @param {Pick<import('./types.js').ViewContext, 'setFeed'>} ctx
 * @param {{ onEvent: (type: string, data: StreamData, eventId: string | null) => void, poll: () => boolean }} handlers
 */
export function followTaskEvents(id, ctx, { onEvent, poll }) {
  const feed = feedWithPolling(ctx, POLL_MS, poll);
  /** The stream's position (the `end` frame repeats the last one), and whether it ended with the task. */
  /** @type {string | null} */
  let lastEventId = null;
  let ended = false;
  /** An operator's action was accepted: follow the task again even if its stream ends only after the action. */
  let resumeWanted = false;
  let closed = false;

  /** @param {string | null} afterId */
  const follow = (afterId) =>
    followEvents(`/v1/tasks/${encodeURIComponent(id)}/events${afterId === null ? '' : `?last_event_id=${encodeURIComponent(afterId)}`}`, {
      /** @type {(type: string, data: StreamData | null, eventId: string | null) => void} */
      onEvent: (type, data, eventId) => {
        if (!data || data.task_id !== id) return;
        if (eventId !== null) lastEventId = eventId;
        onEvent(type, data, eventId);
      },
      onState: (state, status) => {
        ended = state === 'ended';
        feed.onState(state, status);
        if (ended && resumeWanted) resume();
      },
    });
  let stream = follow(null);

  /** Follows the stream again from where it ended, if it has ended (the task was reopened). */
  function resume() {
    if (closed || !ended) return;
    ended = false;
    resumeWanted = false;
    stream.close();
    stream = follow(lastEventId);
  }

  return {
    resume,
    /** An operator's action was accepted: follows the stream again now if it has ended, or as soon as it ends. */
    resumeAfterAction() {
      resumeWanted = true;
      resume();
    },
    /** Stops following and polling. */
    close() {
      closed = true;
      stream.close();
      feed.stop();
    },
  };
}
