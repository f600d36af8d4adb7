-- Child workflows (kind: workflow, DESIGN §8). A child task names the task
-- and step that started it; its depth counts the ancestors above it, so the
-- engine can cap how deep workflows nest. A parent's waiting workflow step
-- names its child in steps.wait_key (migration 0008).
-- Nullable, or with a constant default (no table rewrite): additive.
ALTER TABLE tasks
  ADD COLUMN parent_task_id uuid,
  ADD COLUMN parent_step text,
  ADD COLUMN depth integer NOT NULL DEFAULT 0;
-- `GET /v1/tasks?parent=` and a task's `children`: only child tasks are indexed.
CREATE INDEX tasks_parent_idx ON tasks (parent_task_id, created_at) WHERE parent_task_id IS NOT NULL;
