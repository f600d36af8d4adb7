-- Bulk submit (issue #18). PostgreSQL checks a foreign key row by row: a
-- 5,000-task batch looked up and KEY SHARE-locked its template once per task
-- and its task once per step and per edge, about a quarter of the statement's
-- time (EXPLAIN ANALYZE). Every insert of these rows is the one statement of
-- `insertTaskGraphs` (or a dynamic step's insert, under its task's lock),
-- which names a template it has just read and tasks that the statement
-- creates or the transaction holds; templates are never deleted. The test
-- invariants look for orphans.
ALTER TABLE tasks DROP CONSTRAINT tasks_template_id_fkey;
ALTER TABLE steps DROP CONSTRAINT steps_task_id_fkey;
ALTER TABLE step_edges DROP CONSTRAINT step_edges_task_id_fkey;

-- What ON DELETE CASCADE did, once per deleting statement instead of once per
-- row: a task's steps and edges go with it, whichever release's retention
-- deletes it (older processes rely on the cascade), so the change is additive.
-- The function keeps the migration's search_path: it deletes from this schema's
-- tables whatever path the deleting session has.
CREATE FUNCTION baton_delete_task_graphs() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
  DELETE FROM step_edges WHERE task_id IN (SELECT id FROM gone);
  DELETE FROM steps WHERE task_id IN (SELECT id FROM gone);
  RETURN NULL;
END
$$;
CREATE TRIGGER tasks_delete_graphs AFTER DELETE ON tasks
  REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION baton_delete_task_graphs();
