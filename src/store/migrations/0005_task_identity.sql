-- A task's correlation id: the x-request-id of the submission that created it
-- (or the correlationId a library-mode caller passed; else the task's own id).
-- It reaches every step's handler and every log line about the task, so one id
-- finds a whole workflow. Tasks created before this migration get their own id.
-- The backfill rewrites every task row once, under this migration's lock, as
-- 0002's backfill of steps did.
ALTER TABLE tasks ADD COLUMN correlation_id text;
UPDATE tasks SET correlation_id = id::text;
ALTER TABLE tasks ALTER COLUMN correlation_id SET NOT NULL;
-- Idempotency keys keep 0001's UNIQUE (idempotency_key), across templates: a
-- key belongs to the template it was first used with, and the submit path
-- answers 409 for the same key with another template or context. A unique
-- index on (namespace, name, idempotency_key) would instead let that second
-- submission create a second task.
