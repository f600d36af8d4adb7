-- The transitions log is written several times per step. Its foreign key to
-- tasks made every insert look up, and KEY SHARE-lock, the task row the same
-- transaction had just locked FOR UPDATE: a measurable share of each claim and
-- completion. Every insert names a task its transaction holds (or just
-- created), and retention deletes a task's transitions with the task.
ALTER TABLE transitions DROP CONSTRAINT transitions_task_id_fkey;
