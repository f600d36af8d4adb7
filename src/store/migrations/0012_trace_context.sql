-- OpenTelemetry (issue #17): the W3C trace context of the submission that
-- created the task (`00-<trace id>-<span id>-<flags>`), read by every claim
-- of the task's steps, so each step attempt joins the submission's trace:
-- steps run hours later, or after a restart, included. NULL when the task
-- was submitted with tracing off and no incoming `traceparent`. Additive.
ALTER TABLE tasks ADD COLUMN traceparent text;
