-- Ready steps in per-handler, per-label-set order (issue #18, isolation). The
-- claim reads one range of this index per handler it runs and per label set
-- its worker matches (claimSteps), so a backlog of another handler, or of
-- steps whose labels the worker does not match, is never walked: the old
-- steps_ready_idx (priority DESC, visible_at, id) made every claim read past
-- it, filtering handler and labels row by row. Labels are jsonb, whose
-- equality is canonical (key order and spacing do not matter), so a label set
-- is one value of the key. It covers every ready step, as steps_ready_idx did:
-- the ready-backlog gauges and nextVisibleAt read it too. Additive for older
-- processes: their claim is still correct on this index, only slower.
DROP INDEX steps_ready_idx;
CREATE INDEX steps_ready_handler_idx ON steps (handler, labels, priority DESC, visible_at, id) WHERE state = 'ready';

-- The tags index leaves untagged tasks out (the filters by tag add the implied
-- `tags <> '{}'`): a GIN index holds an entry for an empty array too, and every
-- task row version paid it (the insert, and each status change, which is
-- never a HOT update). Older processes still filter correctly, without it.
DROP INDEX tasks_tags_idx;
CREATE INDEX tasks_tags_idx ON tasks USING gin (tags) WHERE tags <> '{}';
