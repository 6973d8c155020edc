-- job_claim's candidates: the runnable jobs (queued, or running under a lease that may have
-- lapsed) in id order. Finished jobs, which pile up, are not in it, and the claim's read walks
-- it in order and stops after a few rows, even right after a bulk enqueue when PostgreSQL has
-- no statistics yet (without it the planner gathers every queued row and sorts them).
CREATE INDEX jobs_runnable ON jobs (id) WHERE state IN ('queued', 'running');
