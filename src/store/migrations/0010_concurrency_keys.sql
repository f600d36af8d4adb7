-- Concurrency keys (DESIGN §8): at most `concurrency_limit` steps with the
-- same resolved `concurrency_key` run at once, across every worker. The key is
-- resolved from the task's context at submission. The claim of keyed steps
-- takes a transaction-scoped advisory lock per key, counts the key's running
-- steps and takes no more than the limit leaves. Nullable: additive.
-- Keys need every process on this release: an earlier one claims keyed steps
-- without counting (see docs/operations.md).
ALTER TABLE steps
  ADD COLUMN concurrency_key text,
  ADD COLUMN concurrency_limit integer;
-- Keyed ready steps, by key then claim order: the keyed claim walks the keys
-- (a loose index scan from a rotating cursor, so keys are served in turn) and
-- takes each key's first steps from here.
CREATE INDEX steps_ready_keyed_idx ON steps (concurrency_key, priority DESC, visible_at, id) WHERE state = 'ready' AND concurrency_key IS NOT NULL;
-- What each key has running: the count the keyed claim compares with the limit.
CREATE INDEX steps_running_keyed_idx ON steps (concurrency_key) WHERE state = 'running' AND concurrency_key IS NOT NULL;
