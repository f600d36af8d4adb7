-- Templates are immutable once stored: (namespace, name, version) names one definition.
CREATE TABLE templates (
  id          bigserial PRIMARY KEY,
  namespace   text NOT NULL,
  name        text NOT NULL,
  version     text NOT NULL,
  definition  jsonb NOT NULL,
  digest      text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (namespace, name, version)
);

CREATE TABLE tasks (
  id               uuid PRIMARY KEY,
  template_id      bigint NOT NULL REFERENCES templates (id),
  namespace        text NOT NULL,
  name             text NOT NULL,
  version          text NOT NULL,
  status           text NOT NULL,
  context          jsonb NOT NULL,
  priority         integer NOT NULL DEFAULT 0,
  tags             text[] NOT NULL DEFAULT '{}',
  idempotency_key  text UNIQUE,
  on_failure       text NOT NULL,
  -- Steps not yet in a terminal state; finalization happens when it reaches 0.
  -- Only changed under the task row's lock, so it is exact.
  remaining_steps  integer NOT NULL,
  error_steps      integer NOT NULL DEFAULT 0,
  run_at           timestamptz,
  deadline_at      timestamptz,
  error            jsonb,
  created_at       timestamptz NOT NULL DEFAULT now(),
  started_at       timestamptz,
  finished_at      timestamptz
);
CREATE INDEX tasks_created_idx ON tasks (created_at DESC, id DESC);
CREATE INDEX tasks_status_created_idx ON tasks (status, created_at DESC, id DESC);
CREATE INDEX tasks_template_idx ON tasks (namespace, name, created_at DESC);
CREATE INDEX tasks_tags_idx ON tasks USING gin (tags);
-- Only live tasks: sweeps stay cheap however many finished tasks are kept.
CREATE INDEX tasks_deadline_idx ON tasks (deadline_at) WHERE status IN ('pending', 'running') AND deadline_at IS NOT NULL;
CREATE INDEX tasks_unfinalized_idx ON tasks (id) WHERE status IN ('pending', 'running') AND remaining_steps = 0;
CREATE INDEX tasks_finished_idx ON tasks (finished_at) WHERE finished_at IS NOT NULL;

CREATE TABLE steps (
  id                bigserial PRIMARY KEY,
  task_id           uuid NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
  name              text NOT NULL,
  handler           text NOT NULL,
  kind              text NOT NULL DEFAULT 'task',
  state             text NOT NULL,
  attempts          integer NOT NULL DEFAULT 0,
  max_attempts      integer NOT NULL,
  retry             jsonb NOT NULL,
  timeout_ms        integer,
  params            jsonb NOT NULL DEFAULT '{}',
  labels            jsonb NOT NULL DEFAULT '{}',
  pending_deps      integer NOT NULL,
  priority          integer NOT NULL DEFAULT 0,
  visible_at        timestamptz NOT NULL DEFAULT now(),
  lease_id          uuid,
  lease_expires_at  timestamptz,
  deadline_at       timestamptz,
  worker_id         text,
  output            jsonb,
  error             jsonb,
  checkpoint        jsonb,
  created_at        timestamptz NOT NULL DEFAULT now(),
  started_at        timestamptz,
  finished_at       timestamptz,
  UNIQUE (task_id, name),
  -- Nothing can be running without an owner and an expiry (graphile/worker#449).
  CONSTRAINT running_has_lease CHECK (state <> 'running' OR (lease_id IS NOT NULL AND lease_expires_at IS NOT NULL))
);
-- The claim path reads only this partial index: its size is the ready backlog,
-- not the history, so claims cost the same with a million finished tasks kept.
CREATE INDEX steps_ready_idx ON steps (priority DESC, visible_at, id) WHERE state = 'ready';
CREATE INDEX steps_running_lease_idx ON steps (lease_expires_at) WHERE state = 'running';
CREATE INDEX steps_running_deadline_idx ON steps (deadline_at) WHERE state = 'running' AND deadline_at IS NOT NULL;

CREATE TABLE step_edges (
  task_id    uuid NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
  from_step  bigint NOT NULL,
  to_step    bigint NOT NULL,
  PRIMARY KEY (from_step, to_step)
);
CREATE INDEX step_edges_to_idx ON step_edges (to_step);
CREATE INDEX step_edges_task_idx ON step_edges (task_id);

-- Append-only audit log of every task and step transition, and progress events.
-- Its id orders a task's event stream (the SSE id).
CREATE TABLE transitions (
  id          bigserial PRIMARY KEY,
  task_id     uuid NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
  step_name   text,
  kind        text NOT NULL DEFAULT 'transition',
  from_state  text,
  to_state    text,
  reason      text,
  attempt     integer,
  worker_id   text,
  actor       text,
  data        jsonb,
  at          timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX transitions_task_idx ON transitions (task_id, id);

CREATE TABLE workers (
  id                 text PRIMARY KEY,
  name               text NOT NULL,
  transport          text NOT NULL,
  handlers           text[] NOT NULL,
  labels             jsonb NOT NULL DEFAULT '{}',
  capacity           integer NOT NULL,
  state              text NOT NULL DEFAULT 'active',
  last_error         text,
  created_at         timestamptz NOT NULL DEFAULT now(),
  last_heartbeat_at  timestamptz NOT NULL DEFAULT now()
);
