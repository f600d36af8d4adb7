-- Fan-out instances and decision skips.
-- template_step: the template step an instance was made from (null: the step is its own template step).
-- fan_out: an instance's slice of the items {index, count, items}.
-- skip_cause: 'error' (blocked by a failed upstream; an operator retry may un-skip it) or 'decision'.
-- dep_count / skipped_deps: a step all of whose dependencies were skipped by a decision is skipped too.
ALTER TABLE steps
  ADD COLUMN template_step text,
  ADD COLUMN fan_out jsonb,
  ADD COLUMN skip_cause text,
  ADD COLUMN dep_count integer NOT NULL DEFAULT 0,
  ADD COLUMN skipped_deps integer NOT NULL DEFAULT 0;
UPDATE steps SET dep_count = (SELECT count(*) FROM step_edges e WHERE e.to_step = steps.id);
