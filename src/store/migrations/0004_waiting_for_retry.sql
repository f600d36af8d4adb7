-- A live task may now also be `waiting_for_retry` (its only live work is a
-- step in backoff). The sweeps that find overdue and unfinalized live tasks
-- read these partial indexes; their predicates name the same list as
-- LIVE_TASK_STATUSES in src/domain/state-machine.ts (a test checks they agree).
DROP INDEX tasks_deadline_idx;
CREATE INDEX tasks_deadline_idx ON tasks (deadline_at)
  WHERE status IN ('pending', 'running', 'waiting_for_retry') AND deadline_at IS NOT NULL;
DROP INDEX tasks_unfinalized_idx;
CREATE INDEX tasks_unfinalized_idx ON tasks (id)
  WHERE status IN ('pending', 'running', 'waiting_for_retry') AND remaining_steps = 0;
