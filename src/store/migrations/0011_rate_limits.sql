-- Rate limits (DESIGN §8): named limits of `limit` units per `per_ms`, and
-- one sliding window per name and key. A window holds the start times of the
-- units taken within the last `per_ms` (at most `limit` of them): a claim
-- takes units only while fewer than `limit` are in the window, so no stretch
-- of `per_ms` ever holds more than `limit` starts. Additive.
CREATE TABLE rate_limits (
  name        text PRIMARY KEY,
  "limit"     integer NOT NULL CHECK ("limit" > 0),
  per_ms      integer NOT NULL CHECK (per_ms > 0),
  updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE rate_windows (
  name    text NOT NULL,
  key     text NOT NULL,
  starts  timestamptz[] NOT NULL DEFAULT '{}',
  PRIMARY KEY (name, key)
);
-- A step's limit, its resolved key ('' for none) and the units one start takes.
ALTER TABLE steps
  ADD COLUMN rate_limit_name text,
  ADD COLUMN rate_limit_key text,
  ADD COLUMN rate_units integer;
CREATE INDEX steps_ready_limited_idx ON steps (rate_limit_name, rate_limit_key, priority DESC, visible_at, id)
  WHERE state = 'ready' AND rate_limit_name IS NOT NULL;
