-- claim_id: the client's id of the claim call that took a step (a UUID it
-- makes per call and reuses on that call's retries). A retry whose first try
-- committed but whose answer was lost finds the steps that try took by it and
-- gets them back, instead of leaving them to wait out their lease (issue #12).
-- Set by every claim (null for a claim without an id), never cleared: only
-- running steps are looked up by it.
ALTER TABLE steps ADD COLUMN claim_id uuid;
-- Holds the running steps of claims with an id only: its size is the work in
-- flight, and a claim without an id writes no entry.
CREATE INDEX steps_running_claim_idx ON steps (claim_id) WHERE state = 'running' AND claim_id IS NOT NULL;
