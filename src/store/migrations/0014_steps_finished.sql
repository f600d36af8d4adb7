-- The overview's window reads (`GET /v1/stats`, src/store/overview-stats.ts):
-- steps that ended `complete` or `error`, by outcome and then by when they
-- ended, so throughput, latency and errors over the last hour read one range
-- per outcome (the steps of the last hour), never the history kept. Partial:
-- live steps, the hot rows, are not in it. Additive.
CREATE INDEX steps_finished_idx ON steps (state, finished_at) WHERE state IN ('complete', 'error');
