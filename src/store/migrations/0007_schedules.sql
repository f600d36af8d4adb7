-- Schedules (DESIGN §8): a template submitted with a context on a cron or at
-- a fixed interval. Every process ticks; a tick locks the due rows with
-- FOR UPDATE SKIP LOCKED, submits one task per slot and advances next_fire_at
-- in the same transaction, and the task's idempotency key is a function of the
-- slot (schedule:<name>:<slot>), so each slot fires once across processes.
-- A new table: additive, earlier releases never read it.
CREATE TABLE schedules (
  name              text PRIMARY KEY,
  template_namespace text NOT NULL,
  template_name     text NOT NULL,
  -- null: the latest version at each firing.
  template_version  text,
  context           jsonb NOT NULL DEFAULT '{}',
  -- Exactly one of cron (with timezone) and every_ms.
  cron              text,
  every_ms          bigint,
  timezone          text NOT NULL DEFAULT 'UTC',
  overlap           text NOT NULL,
  catch_up          text NOT NULL,
  paused            boolean NOT NULL DEFAULT false,
  -- The first slot not yet fired; null when a cron never fires again.
  next_fire_at      timestamptz,
  last_slot_at      timestamptz,
  last_fired_at     timestamptz,
  -- No foreign key: retention may delete the task, and the schedule keeps its id.
  last_task_id      uuid,
  fired_count       bigint NOT NULL DEFAULT 0,
  skipped_count     bigint NOT NULL DEFAULT 0,
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT schedules_spec_check CHECK ((cron IS NULL) <> (every_ms IS NULL)),
  CONSTRAINT schedules_overlap_check CHECK (overlap IN ('skip', 'allow', 'cancel_previous')),
  CONSTRAINT schedules_catch_up_check CHECK (catch_up IN ('none', 'latest', 'all'))
);
-- A tick reads only the due rows: its cost is the due schedules, not all of them.
CREATE INDEX schedules_due_idx ON schedules (next_fire_at) WHERE NOT paused;
