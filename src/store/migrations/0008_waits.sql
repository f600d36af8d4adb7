-- Steps no worker runs (kind sleep and wait, DESIGN §8) go ready -> waiting
-- and are ended by the engine: by a timer, a signal or an external event.
-- wake_at: when a waiting step's sleep ends or its wait times out (null: never).
-- wait_for: what a waiting step waits for, 'signal:<name>' or 'event:<name>';
-- wait_key: the resolved `match` of an event wait.
-- All nullable and unfilled by earlier releases: this migration is additive.
-- Templates with sleep or wait steps need every process on this release
-- (an earlier one does not know the `waiting` state); see docs/operations.md.
ALTER TABLE steps
  ADD COLUMN wake_at timestamptz,
  ADD COLUMN wait_for text,
  ADD COLUMN wait_key text;
-- The timer sweep reads only due rows: its cost is the due timers, not the
-- waiting backlog. It holds every waiting step (wake_at null too), so the
-- waiting-steps gauge counts from it.
CREATE INDEX steps_waiting_wake_idx ON steps (wake_at) WHERE state = 'waiting';
-- An event is delivered to the steps waiting for its name and key.
CREATE INDEX steps_waiting_event_idx ON steps (wait_for, wait_key) WHERE state = 'waiting' AND wait_key IS NOT NULL;
-- Worker-less steps (stored with an empty handler) that became ready: the
-- timer sweep starts them waiting. Small: a step stays here only until then.
CREATE INDEX steps_workerless_ready_idx ON steps (visible_at) WHERE state = 'ready' AND handler = '';

-- Signals sent to a task (POST /v1/tasks/:id/signals/:name). The first one of
-- a name wins (the primary key); a repeat with the same idempotency key is
-- answered as a duplicate, any other as a conflict. One sent before its step
-- waits is kept here (delivered_at null) and delivered when the step starts waiting.
CREATE TABLE signals (
  task_id          uuid NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
  name             text NOT NULL,
  payload          jsonb,
  idempotency_key  text,
  step_name        text,
  actor            text,
  created_at       timestamptz NOT NULL DEFAULT now(),
  delivered_at     timestamptz,
  PRIMARY KEY (task_id, name)
);

-- External events (POST /v1/events). Delivered to every step waiting for the
-- name and key when it arrives; one that reached no step is kept until
-- expires_at for the first step that starts waiting for it.
CREATE TABLE external_events (
  id               bigserial PRIMARY KEY,
  name             text NOT NULL,
  key              text NOT NULL,
  payload          jsonb,
  idempotency_key  text UNIQUE,
  delivered        integer NOT NULL DEFAULT 0,
  created_at       timestamptz NOT NULL DEFAULT now(),
  expires_at       timestamptz NOT NULL
);
CREATE INDEX external_events_kept_idx ON external_events (name, key, id) WHERE delivered = 0;
CREATE INDEX external_events_expiry_idx ON external_events (expires_at);
